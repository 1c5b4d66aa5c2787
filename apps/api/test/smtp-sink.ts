import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface SunkMail {
  to: string[];
  raw: string;
  /** The text with quoted-printable soft breaks and escapes undone, good enough to find links. */
  text: string;
}

/** How the sink answers a recipient: accept (null), or an SMTP error code such as 451 or 550. */
export type RecipientPolicy = (address: string) => number | null;

export interface SmtpSink {
  url: string;
  mails: SunkMail[];
  /** From now on, a message is received but not answered (the client waits) until release(). */
  hold(): void;
  /** How many messages are received and waiting for their answer. */
  readonly waiting: number;
  release(): void;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives. */
export async function startSmtpSink(policy: RecipientPolicy = () => null): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  let held: (() => void)[] | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const code = policy(address.address);
      if (code === null) return callback();
      const error = new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & { responseCode: number };
      error.responseCode = code;
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const answer = (): void => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeQuotedPrintable(raw) });
          callback();
        };
        if (held) held.push(answer);
        else answer();
      });
    },
  });
  // A client killed mid-conversation (a SIGKILLed replica) resets its connection: that is expected here.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    hold: () => (held ??= []),
    get waiting() {
      return held?.length ?? 0;
    },
    release: () => {
      const answers = held ?? [];
      held = null;
      for (const answer of answers) answer();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
