import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { createTestDatabase } from './harness';
import { startSmtpSink, SmtpSink } from './smtp-sink';
import { SERVER_ENTRY, seedDueInvitations, startReplica, waitFor } from './replicas';
import { freePort } from '../src/app/database/embedded';
import { hashPassword } from '../src/app/auth/password';

const INVITATIONS = 60;
const BATCH = 20;
const SHUTDOWN_TIMEOUT_SECONDS = 20;

/**
 * SIGTERM to the built server, as an orchestrator stops a replica, while a dispatch batch is held
 * in SMTP (the sink receives the messages but does not answer) and an admin's "run the scheduler
 * now" request is in flight too: the process must stop taking connections at once, let both
 * finish and record their sends, give back the claims it never handed over, and exit 0.
 */
describe('graceful shutdown', () => {
  let server: ChildProcess | undefined;
  let sink: SmtpSink;
  let db: Client;

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    sink?.release();
    await sink?.close();
    await db?.end();
  });

  it('drains the request and the dispatch batch in flight, releases unsent claims, closes the pool and exits 0', async () => {
    expect(existsSync(SERVER_ENTRY)).toBe(true);
    const databaseUrl = await createTestDatabase();
    await seedDueInvitations(databaseUrl, INVITATIONS);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const password = 'graceful-admin-password';
    await db.query(`INSERT INTO users (email, name, role, password_hash, surgeon_code) VALUES ('graceful@clinic.test', 'Admin', 'admin', $1, 'GRACE-1')`, [
      await hashPassword(password),
    ]);
    sink = await startSmtpSink();
    sink.hold();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let stdout = '';
    server = startReplica('graceful', {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SMTP_URL: sink.url,
      PUBLIC_BASE_URL: 'http://stride.test',
      // The first tick comes after the admin's request has started: both are in flight at SIGTERM.
      SCHEDULER_INTERVAL_SECONDS: '2',
      SCHEDULER_BATCH_SIZE: String(BATCH),
      SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
    }).process;
    server.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server?.once('exit', (code) => resolve(code)));
    await waitFor(async () => fetch(`${base}/api/health/ready`).then((r) => r.ok, () => false), 60_000, 'the server to be ready');

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'graceful@clinic.test', password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    // The admin's request claims a batch and hands its first messages to SMTP, which holds them.
    const runNow = fetch(`${base}/api/admin/scheduler/run`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
    await waitFor(async () => sink.waiting > 0, 30_000, 'the first message to reach SMTP');
    // Then the scheduler's own tick claims the next batch.
    await waitFor(
      async () => Number((await db.query(`SELECT count(DISTINCT claimed_by)::int AS n FROM invitations WHERE claimed_by IS NOT NULL`)).rows[0].n) === 2,
      30_000,
      'the scheduler tick to claim a second batch',
    );
    await waitFor(async () => sink.waiting >= 5, 30_000, 'SMTP to hold a full pool of messages');

    const sigterm = Date.now();
    server.kill('SIGTERM');
    await waitFor(async () => /SIGTERM: no new connections/.test(stdout), 10_000, 'the shutdown to begin');
    // No new connections, while the request in flight still waits for SMTP.
    const refused = await fetch(`${base}/api/health/live`).then(
      (r) => `answered ${r.status}`,
      (error: { cause?: { code?: string } }) => error.cause?.code ?? 'failed',
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(server.exitCode).toBeNull();
    let runNowSettled = false;
    void runNow.finally(() => (runNowSettled = true));
    await new Promise((r) => setTimeout(r, 1000));
    expect(runNowSettled).toBe(false);
    expect(server.exitCode).toBeNull();

    sink.release();
    const answer = await runNow;
    expect(answer.status).toBe(200);
    const result = (await answer.json()) as { claimed: number; sent: number; errors: number };
    expect(result.errors).toBe(0);
    expect(result.claimed).toBe(BATCH);
    expect(result.sent).toBeGreaterThan(0);
    expect(result.sent).toBeLessThan(BATCH);

    const code = await exited;
    const seconds = (Date.now() - sigterm) / 1000;
    console.log(`graceful shutdown: exit ${code} ${seconds.toFixed(1)} s after SIGTERM; ${sink.mails.length} messages delivered`);
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(SHUTDOWN_TIMEOUT_SECONDS);

    // Every message handed to SMTP was delivered once and recorded sent; everything else is back to
    // pending with no claim, for the next process; nothing is in doubt.
    const { rows } = await db.query(
      `SELECT i.status, i.claimed_by, m.status AS message_status, m.attempted_at IS NOT NULL AS attempted, p.email
         FROM invitations i JOIN surgeries s ON s.id = i.surgery_id JOIN patients p ON p.id = s.patient_id
         LEFT JOIN outbound_messages m ON m.invitation_id = i.id`,
    );
    const sent = rows.filter((r) => r.status === 'sent');
    const delivered = new Set(sink.mails.flatMap((m) => m.to));
    expect(rows).toHaveLength(INVITATIONS);
    expect(rows.filter((r) => r.claimed_by !== null)).toEqual([]);
    expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'pending')).toEqual([]);
    expect(sent.length).toBeGreaterThanOrEqual(result.sent + 1); // the tick's batch sent some too
    expect(sent.length).toBe(sink.mails.length);
    expect(sent.every((r) => r.message_status === 'sent' && delivered.has(r.email))).toBe(true);
    expect(rows.filter((r) => r.attempted && r.status !== 'sent')).toEqual([]);
    expect(sent.length).toBeLessThan(2 * BATCH); // the claims never handed over were released, not sent

    // The log says so, in JSON lines.
    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    expect(lines.filter((line) => !line.startsWith('{'))).toEqual([]);
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages.some((m) => /released \d+ claims never handed over/.test(m))).toBe(true);
    expect(messages.some((m) => /shutdown: in-flight requests and sends finished in \d+ ms; database pool closed/.test(m))).toBe(true);
  }, 120_000);
});
