import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DispatcherService } from '../src/app/scheduler/dispatcher.service';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { aClinic, aSurgery, Clinic, Enrolled, invitationRow } from './factories';

/** A message the sink has accepted, and the outbound message row it was sent from (its Message-ID). */
interface Accepted {
  to: string;
  messageId: string;
}

interface Gate {
  /** Resolves when a message to the held address has been received in full, before the server answers. */
  arrived: Promise<void>;
  release(): void;
}

/**
 * A real SMTP server that can hold its answer to DATA for chosen recipients: the message has
 * reached the server but the sender has not heard back, which is where a stop can meet a send.
 */
async function startHoldingSmtpSink(): Promise<{ url: string; accepted: Accepted[]; hold(address: string): Gate; close(): Promise<void> }> {
  const accepted: Accepted[] = [];
  const gates = new Map<string, { arrive(): void; released: Promise<void>; release(): void }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = (/^Message-ID: <([0-9a-f-]{36})@stride>/im.exec(raw) as RegExpExecArray)[1];
        const to = session.envelope.rcptTo.map((r) => r.address);
        for (const address of to) {
          const gate = gates.get(address);
          if (!gate) continue;
          gates.delete(address);
          gate.arrive();
          await gate.released;
        }
        for (const address of to) accepted.push({ to: address, messageId });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    accepted,
    hold(address) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      gates.set(address, { arrive, released, release });
      return { arrived, release };
    },
    close: async () => {
      for (const gate of gates.values()) gate.release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Fails with a message instead of hanging the file when something never happens. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Contract v1.1, "Stopping and who counts": a stop wins over a send in flight. Each race holds a
 * real SMTP server's answer while staff stop follow-up over HTTP, then lets the server accept.
 */
describe('a stop meets a send in flight', () => {
  let test: TestApp;
  let sink: Awaited<ReturnType<typeof startHoldingSmtpSink>>;
  let clinic: Clinic;
  let admin: Api;

  beforeAll(async () => {
    sink = await startHoldingSmtpSink();
    test = await startTestApp({ now: '2026-03-10T14:00:00Z', env: { SMTP_URL: sink.url } });
    clinic = await aClinic(test);
    admin = (await signIn(test, 'admin')).api;
  });

  afterAll(async () => {
    await test?.close();
    await sink?.close();
  });

  const run = (): ReturnType<DispatcherService['runOnce']> => test.app.get(DispatcherService).runOnce();
  const mailsTo = (patient: Enrolled): Accepted[] => sink.accepted.filter((m) => m.to === patient.email);
  const messagesOf = async (invitationId: string): Promise<{ id: string; sequence: number; status: string; attempted_at: Date | null; sent_at: Date | null }[]> =>
    test.dataSource.query(`SELECT id, sequence, status, attempted_at, sent_at FROM outbound_messages WHERE invitation_id = $1 ORDER BY sequence`, [invitationId]);

  it('a surgery cancelled while its first message is held in SMTP: cancelled, never sent, nothing more goes', async () => {
    test.clock.set('2026-03-10T14:00:00Z');
    const patient = await aSurgery(clinic, { daysAgo: 15 }); // its 2-week survey is due
    const id = patient.invitations['2w'];
    const gate = sink.hold(patient.email as string);

    const cycle = run();
    await within(gate.arrived, 30_000, 'the first message to reach the SMTP server');
    const cancelled = await admin.patch(`/api/surgeries/${patient.surgeryId}`, { status: 'cancelled' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.invitations.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'cancelled', stopReason: 'surgery_cancelled' });
    gate.release();
    const result = await within(cycle, 30_000, 'the dispatch cycle to end');

    expect(result.errors).toBe(0);
    expect(await invitationRow(test.dataSource, id)).toMatchObject({ status: 'cancelled', stop_reason: 'surgery_cancelled', sent_at: null, claimed_by: null });
    // The message did leave, and its row says so.
    const [message] = await messagesOf(id);
    expect(message).toMatchObject({ sequence: 0, status: 'sent', attempted_at: expect.any(Date), sent_at: expect.any(Date) });
    expect(mailsTo(patient)).toEqual([{ to: patient.email, messageId: message.id }]);

    for (const days of [1, 3, 7]) {
      test.clock.set('2026-03-10T14:00:00Z');
      test.clock.advanceDays(days);
      await run();
    }
    expect(mailsTo(patient)).toHaveLength(1);
    expect(await messagesOf(id)).toHaveLength(1);
    expect(await invitationRow(test.dataSource, id)).toMatchObject({ status: 'cancelled', stop_reason: 'surgery_cancelled' });
  });

  it('a lease that expires while the message is held in SMTP: unknown for a person, never resent, and the outbox says it left', async () => {
    test.clock.set('2026-03-10T14:00:00Z');
    const patient = await aSurgery(clinic, { daysAgo: 14 });
    const id = patient.invitations['2w'];
    const gate = sink.hold(patient.email as string);

    const slow = run();
    await within(gate.arrived, 30_000, 'the first message to reach the SMTP server');
    test.clock.advance((test.config.schedulerLeaseSeconds + 1) * 1000);
    await run(); // another cycle (any replica) takes the dead-looking claim back
    expect(await invitationRow(test.dataSource, id)).toMatchObject({ status: 'unknown', claimed_by: null });
    gate.release();
    expect(await within(slow, 30_000, 'the slow cycle to end')).toMatchObject({ errors: 0 });

    // The invitation stays for a person to review (unknown -> sent is not a transition), but the
    // message row records what the sender learned: the server accepted it.
    expect(await invitationRow(test.dataSource, id)).toMatchObject({ status: 'unknown', sent_at: null });
    const [message] = await messagesOf(id);
    expect(message).toMatchObject({ sequence: 0, status: 'sent', sent_at: expect.any(Date) });
    test.clock.advanceDays(3);
    await run();
    expect(mailsTo(patient)).toEqual([{ to: patient.email, messageId: message.id }]);
  });

  it('a patient withdrawn while a reminder is held in SMTP: never reminded, no further reminder, the rest of the cycle goes out', async () => {
    test.clock.set('2026-03-10T14:00:00Z');
    const withdrawing = await aSurgery(clinic, { daysAgo: 14 }); // 2-week survey due today, open until the end of 03-17
    const reminded = await aSurgery(clinic, { daysAgo: 14 });
    const firstSend = await aSurgery(clinic, { daysAgo: 12 }); // its 2-week survey is due on 03-12
    await run(); // the first messages of the two operated 14 days ago
    expect(await invitationRow(test.dataSource, withdrawing.invitations['2w'])).toMatchObject({ status: 'sent' });

    test.clock.set('2026-03-13T13:00:00Z'); // day 3 at 09:00 New York: both reminders due, and the other's first send
    const gate = sink.hold(withdrawing.email as string);
    const cycle = run();
    await within(gate.arrived, 30_000, 'the reminder to reach the SMTP server');
    const withdrawn = await admin.patch(`/api/patients/${withdrawing.patientId}/status`, { status: 'withdrawn' });
    expect(withdrawn.status).toBe(200);
    gate.release();
    const result = await within(cycle, 30_000, 'the dispatch cycle to end');

    expect(result).toMatchObject({ errors: 0, failed: 0 });
    const stopped = await invitationRow(test.dataSource, withdrawing.invitations['2w']);
    expect(stopped).toMatchObject({ status: 'cancelled', stop_reason: 'withdrawn', reminder_count: 0, reminded_at: null, claimed_by: null });
    const messages = await messagesOf(withdrawing.invitations['2w']);
    expect(messages.map((m) => [m.sequence, m.status])).toEqual([[0, 'sent'], [1, 'sent']]);
    expect(mailsTo(withdrawing).map((m) => m.messageId)).toEqual(messages.map((m) => m.id));

    // Everyone else in the same cycle got their mail.
    expect(await invitationRow(test.dataSource, firstSend.invitations['2w'])).toMatchObject({ status: 'sent', sent_at: new Date('2026-03-13T13:00:00Z') });
    expect(mailsTo(firstSend)).toHaveLength(1);
    expect(await invitationRow(test.dataSource, reminded.invitations['2w'])).toMatchObject({ status: 'reminded', reminder_count: 1 });
    expect(mailsTo(reminded)).toHaveLength(2);

    test.clock.set('2026-03-17T13:00:00Z'); // day 7: the second reminder, for those still followed up
    await run();
    expect(mailsTo(withdrawing)).toHaveLength(2);
    expect(await invitationRow(test.dataSource, withdrawing.invitations['2w'])).toMatchObject({ status: 'cancelled', reminder_count: 0 });
    expect(mailsTo(reminded)).toHaveLength(3);
  });
});
