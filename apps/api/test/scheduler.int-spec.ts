import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { RecipientPolicy, startSmtpSink, SunkMail } from './smtp-sink';

/** Each rule of survey delivery, with the clock moved instead of waited for. */
describe('survey delivery', () => {
  let test: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let admin: Api;
  let surgeonId: string;
  let policy: RecipientPolicy;

  async function boot(now: string, env: Record<string, string> = {}): Promise<void> {
    policy = () => null;
    sink = await startSmtpSink((address) => policy(address));
    test = await startTestApp({ now, env: { SMTP_URL: sink.url, ...env } });
    admin = (await signIn(test, 'admin')).api;
    surgeonId = (await signIn(test, 'surgeon')).user.id;
  }

  afterEach(async () => {
    await test?.close();
    await sink?.close();
  });

  async function enroll(surgeryDate: string, patient: Record<string, unknown> = {}): Promise<{ patientId: string; invitations: Record<string, string> }> {
    const mrn = `MRN-${Math.random().toString(36).slice(2, 10)}`;
    const created = await admin.post('/api/patients', {
      mrn, givenName: 'Test', familyName: 'Patient', birthDate: '1950-01-01', email: `${mrn.toLowerCase()}@example.org`, language: 'en', surgeonId, ...patient,
    });
    expect(created.status).toBe(201);
    const surgery = await admin.post(`/api/patients/${created.body.id}/surgeries`, { procedure: 'laminectomy', surgeryDate });
    expect(surgery.status).toBe(201);
    return {
      patientId: created.body.id,
      invitations: Object.fromEntries(surgery.body.invitations.map((i: { timepoint: string; id: string }) => [i.timepoint, i.id])),
    };
  }

  const run = async (): Promise<Record<string, number>> => (await admin.post('/api/admin/scheduler/run')).body;
  const status = async (id: string): Promise<Record<string, unknown>> =>
    (await test.dataSource.query(`SELECT status, sent_at, reminder_count, attempts, last_error, next_attempt_at FROM invitations WHERE id = $1`, [id]))[0];
  const mailsTo = (address: string): SunkMail[] => sink.mails.filter((m) => m.to.includes(address));
  const tokenIn = (mail: SunkMail): string => (/\/s\/([A-Za-z0-9_-]{43})/.exec(mail.text) as RegExpExecArray)[1];

  it('catches up after 3 days of downtime: what is still open goes out, what closed meanwhile is missed', async () => {
    await boot('2026-04-01T12:00:00Z');
    const open = await enroll('2026-04-01'); // 2w due 04-15 09:00, open until the end of 04-22
    const closedMeanwhile = await enroll('2026-03-24'); // 2w due 04-07, open until the end of 04-14
    test.clock.set('2026-04-18T15:00:00Z'); // the scheduler was down from 04-15 to 04-18
    const result = await run();
    expect(await status(open.invitations['2w'])).toMatchObject({ status: 'sent' });
    expect(await status(closedMeanwhile.invitations['2w'])).toMatchObject({ status: 'missed', sent_at: null });
    expect(result.missed).toBeGreaterThanOrEqual(1);
    expect(sink.mails.filter((m) => /How are you doing/.test(m.text))).toHaveLength(1);
  });

  it('sends at 09:00 clinic time through the spring-forward week in New York', async () => {
    await boot('2026-02-20T12:00:00Z');
    const beforeChange = await enroll('2026-02-21'); // 2w due Saturday 03-07, 09:00 EST = 14:00 UTC
    const afterChange = await enroll('2026-02-23'); // 2w due Monday 03-09, 09:00 EDT = 13:00 UTC
    test.clock.set('2026-03-07T13:59:00Z');
    await run();
    expect(await status(beforeChange.invitations['2w'])).toMatchObject({ status: 'pending' });
    test.clock.set('2026-03-07T14:00:00Z');
    await run();
    expect((await status(beforeChange.invitations['2w']))['sent_at']).toEqual(new Date('2026-03-07T14:00:00Z'));
    test.clock.set('2026-03-09T12:59:00Z');
    await run();
    expect(await status(afterChange.invitations['2w'])).toMatchObject({ status: 'pending' });
    test.clock.set('2026-03-09T13:00:00Z');
    await run();
    expect((await status(afterChange.invitations['2w']))['sent_at']).toEqual(new Date('2026-03-09T13:00:00Z'));
  });

  it('reminds on day 3 and day 7, and stops reminding once the survey is complete', async () => {
    await boot('2026-05-01T12:00:00Z');
    const { invitations } = await enroll('2026-05-01');
    const email = (await test.dataSource.query(`SELECT p.email FROM patients p JOIN surgeries s ON s.patient_id = p.id JOIN invitations i ON i.surgery_id = s.id WHERE i.id = $1`, [invitations['2w']]))[0].email;
    test.clock.set('2026-05-15T13:00:00Z'); // 09:00 EDT, due
    await run();
    test.clock.set('2026-05-18T12:59:00Z');
    await run();
    expect(mailsTo(email).filter((m) => /Subject: How are you doing/.test(m.text))).toHaveLength(1);
    test.clock.set('2026-05-18T13:00:00Z');
    await run();
    const reminder = mailsTo(email).filter((m) => /Subject: Reminder/.test(m.text));
    expect(reminder).toHaveLength(1);
    expect(await status(invitations['2w'])).toMatchObject({ status: 'reminded', reminder_count: 1 });

    // Either link answers the same survey; the patient uses the reminder's.
    const submitted = await new Api(test.baseUrl).post(`/api/public/surveys/${tokenIn(reminder[0])}/responses`, {
      answers: { legPain: 3, backPain: 3, walkingDistance: 2, satisfaction: 4 },
    });
    expect(submitted.status).toBe(201);
    test.clock.set('2026-05-22T13:00:00Z'); // day 7
    await run();
    expect(mailsTo(email)).toHaveLength(2);
    expect(await status(invitations['2w'])).toMatchObject({ status: 'completed', reminder_count: 1 });
  });

  it('stops everything at once on a one-click opt-out, reminders included', async () => {
    await boot('2026-05-01T12:00:00Z');
    const { invitations } = await enroll('2026-05-01');
    test.clock.set('2026-05-15T13:00:00Z');
    await run();
    const [mail] = sink.mails.filter((m) => /How are you doing/.test(m.text));
    const headers = mail.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
    const unsubscribe = /List-Unsubscribe: <([^>]+)>/.exec(headers);
    expect(unsubscribe).not.toBeNull();
    expect(headers).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    expect(mail.text).toMatch(/To stop receiving these surveys: \S+\/opt-out/);

    // What a mail provider does for RFC 8058 one-click: a form POST to the header's URL.
    const url = (unsubscribe as RegExpExecArray)[1].replace('http://stride.test', test.baseUrl);
    const oneClick = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(204);
    const statuses = await test.dataSource.query(`SELECT timepoint, status FROM invitations WHERE surgery_id = (SELECT surgery_id FROM invitations WHERE id = $1) ORDER BY due_at`, [invitations['2w']]);
    expect(statuses.map((r: { status: string }) => r.status)).toEqual(['missed', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    test.clock.set('2026-05-18T13:00:00Z');
    await run();
    expect(sink.mails).toHaveLength(1);
    expect((await new Api(test.baseUrl).get(`/api/public/surveys/${tokenIn(mail)}`)).status).toBe(410);
  });

  it('stops follow-up when staff record a withdrawal, and cancels with the surgery', async () => {
    await boot('2026-05-01T12:00:00Z');
    const withdrawn = await enroll('2026-05-01');
    const cancelled = await enroll('2026-05-01');
    const result = await admin.patch(`/api/patients/${withdrawn.patientId}/status`, { status: 'withdrawn' });
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('withdrawn');
    const surgeryId = (await test.dataSource.query(`SELECT surgery_id FROM invitations WHERE id = $1`, [cancelled.invitations['2w']]))[0].surgery_id;
    expect((await admin.patch(`/api/surgeries/${surgeryId}`, { status: 'cancelled' })).status).toBe(200);
    test.clock.set('2026-05-15T13:00:00Z');
    await run();
    expect(sink.mails).toHaveLength(0);
    expect(await status(withdrawn.invitations['2w'])).toMatchObject({ status: 'cancelled' });
    expect(await status(cancelled.invitations['6m'])).toMatchObject({ status: 'cancelled' });
  });

  it('moves what has not been sent when the surgery date changes, and leaves what was sent', async () => {
    await boot('2026-05-01T12:00:00Z');
    const { invitations } = await enroll('2026-05-01');
    test.clock.set('2026-05-15T13:00:00Z');
    await run();
    const surgeryId = (await test.dataSource.query(`SELECT surgery_id FROM invitations WHERE id = $1`, [invitations['2w']]))[0].surgery_id;
    const moved = await admin.patch(`/api/surgeries/${surgeryId}`, { surgeryDate: '2026-05-04' });
    const byTimepoint = Object.fromEntries(moved.body.invitations.map((i: { timepoint: string }) => [i.timepoint, i]));
    expect(byTimepoint['2w']).toMatchObject({ status: 'sent', dueAt: '2026-05-15T13:00:00.000Z' });
    expect(byTimepoint['6w']).toMatchObject({ status: 'pending', dueAt: '2026-06-15T13:00:00.000Z' });
  });

  it('retries a transient SMTP failure with backoff, and marks a permanent one failed for an admin to resend', async () => {
    await boot('2026-05-01T12:00:00Z');
    const flaky = await enroll('2026-05-01', { email: 'flaky@example.org' });
    const bouncing = await enroll('2026-05-01', { email: 'bounce@example.org' });
    let flakyTries = 0;
    policy = (address) => (address === 'bounce@example.org' ? 550 : address === 'flaky@example.org' && flakyTries++ === 0 ? 451 : null);
    test.clock.set('2026-05-15T13:00:00Z');
    await run();
    expect(await status(flaky.invitations['2w'])).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: new Date('2026-05-15T13:01:00Z') });
    expect(await status(bouncing.invitations['2w'])).toMatchObject({ status: 'failed', last_error: expect.stringContaining('550') });
    await run();
    expect(mailsTo('flaky@example.org')).toHaveLength(0); // not before its backoff
    test.clock.set('2026-05-15T13:01:00Z');
    await run();
    expect(await status(flaky.invitations['2w'])).toMatchObject({ status: 'sent', attempts: 2 });
    expect(mailsTo('flaky@example.org')).toHaveLength(1);

    // (Both baselines were missed: enrolled on the day of surgery. They are listed too, not resendable.)
    const problems = (await admin.get('/api/invitations/problems')).body.filter((p: { status: string }) => p.status !== 'missed');
    expect(problems).toEqual([expect.objectContaining({ invitationId: bouncing.invitations['2w'], status: 'failed', resendable: true })]);
    policy = () => null;
    expect((await admin.post(`/api/invitations/${bouncing.invitations['2w']}/resend`)).body.status).toBe('pending');
    await run();
    expect(mailsTo('bounce@example.org')).toHaveLength(1);
    expect((await admin.post(`/api/invitations/${bouncing.invitations['2w']}/resend`)).status).toBe(409);
  });

  it('sends nothing to a patient with no email or phone (paper follow-up): the due survey waits for a person, not failed', async () => {
    await boot('2026-05-01T12:00:00Z');
    const { invitations } = await enroll('2026-05-01', { email: undefined });
    test.clock.set('2026-05-15T13:00:00Z');
    await run();
    expect(await status(invitations['2w'])).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
    const problems = (await admin.get('/api/invitations/problems')).body;
    expect(problems.find((p: { invitationId: string }) => p.invitationId === invitations['2w'])).toBeUndefined();
    const item = (await admin.get('/api/worklist')).body.items.find((i: { invitationId: string }) => i.invitationId === invitations['2w']);
    expect(item).toMatchObject({ reason: 'unreachable', status: 'pending', email: null, phone: null });
    const resend = await admin.post(`/api/invitations/${invitations['2w']}/resend`);
    expect(resend.status).toBe(409);
  });

  it('takes back a dead claim: retried if never handed over, unknown (never resent blind) if it was', async () => {
    await boot('2026-05-01T12:00:00Z');
    const neverSent = await enroll('2026-05-01');
    const maybeSent = await enroll('2026-05-01');
    test.clock.set('2026-05-15T13:00:00Z');
    // A replica that died mid-batch: both claimed, one message already handed to SMTP.
    for (const [inv, attempted] of [[neverSent.invitations['2w'], false], [maybeSent.invitations['2w'], true]] as const) {
      await test.dataSource.query(`UPDATE invitations SET status = 'claimed', claimed_by = 'dead-replica', lease_until = '2026-05-15T12:59:00Z' WHERE id = $1`, [inv]);
      await test.dataSource.query(
        `INSERT INTO outbound_messages (invitation_id, kind, sequence, channel, recipient, subject, body, attempted_at) VALUES ($1, 'invitation', 0, 'email', 'x@example.org', 's', 'b', $2)`,
        [inv, attempted ? new Date('2026-05-15T12:58:00Z') : null],
      );
    }
    await run();
    expect(await status(neverSent.invitations['2w'])).toMatchObject({ status: 'sent' });
    expect(await status(maybeSent.invitations['2w'])).toMatchObject({ status: 'unknown' });
    expect(sink.mails).toHaveLength(1);
    const problems = await admin.get('/api/invitations/problems');
    expect(problems.body.map((p: { status: string }) => p.status)).toEqual(['unknown', 'missed', 'missed']);
    expect(problems.body[0]).toMatchObject({ invitationId: maybeSent.invitations['2w'], resendable: true });
  });

  it('sends SMS through the HTTP provider adapter with an idempotency key', async () => {
    const received: { headers: IncomingMessage['headers']; body: Record<string, string> }[] = [];
    const provider = createServer((request, response) => {
      let data = '';
      request.on('data', (chunk) => (data += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: JSON.parse(data) });
        response.writeHead(202).end('{}');
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    try {
      await boot('2026-05-01T12:00:00Z', { SMS_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/messages` });
      const { invitations } = await enroll('2026-05-01', { email: undefined, phone: '+15550001111', preferredChannel: 'sms', language: 'es' });
      test.clock.set('2026-05-15T13:00:00Z');
      await run();
      expect(received).toHaveLength(1);
      expect(received[0].body).toMatchObject({ to: '+15550001111', text: expect.stringMatching(/encuesta.*\/s\/[A-Za-z0-9_-]{43}/) });
      expect(received[0].headers['idempotency-key']).toBe(received[0].body['idempotencyKey']);
      expect(await status(invitations['2w'])).toMatchObject({ status: 'sent' });
      expect(sink.mails).toHaveLength(0);
    } finally {
      await new Promise((resolve) => provider.close(resolve));
    }
  });
});
