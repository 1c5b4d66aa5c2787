import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentSms {
  to: string;
  text: string;
  idempotencyKey: string;
}

/** A real HTTP SMS provider on loopback (what SMS_URL points at) that keeps what it is asked to send. */
export async function startSmsProvider(): Promise<{ url: string; sent: SentSms[]; close(): Promise<void> }> {
  const sent: SentSms[] = [];
  const server = createServer((request, response) => {
    let data = '';
    request.on('data', (chunk) => (data += chunk));
    request.on('end', () => {
      sent.push(JSON.parse(data) as SentSms);
      response.writeHead(202, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`,
    sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
