import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { createTestDatabase } from './harness';
import { startSmtpSink } from './smtp-sink';
import { Replica, SERVER_ENTRY, seedDueInvitations, startReplica, stopReplica, waitFor } from './replicas';

const INVITATIONS = 2000;

/**
 * Three app processes share one database and tick every second; one is killed with SIGKILL
 * partway through. Every invitation must end with exactly one message in the SMTP sink, except
 * those left `unknown` (handed to SMTP by the killed process), which must be few and visible.
 */
describe('dispatch across replicas', () => {
  let replicas: Replica[] = [];
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let db: Client;

  afterAll(async () => {
    await Promise.all(replicas.map((r) => stopReplica(r)));
    await db?.end();
    await sink?.close();
  });

  it('sends each of 2,000 invitations once, with a replica killed midway', async () => {
    expect(existsSync(SERVER_ENTRY)).toBe(true);
    const databaseUrl = await createTestDatabase();
    await seedDueInvitations(databaseUrl, INVITATIONS);
    sink = await startSmtpSink();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();

    const env = { DATABASE_URL: databaseUrl, SMTP_URL: sink.url, SCHEDULER_LEASE_SECONDS: '15', PUBLIC_BASE_URL: 'http://stride.test' };
    replicas = ['replica-a', 'replica-b', 'replica-c'].map((name) => startReplica(name, env));

    await waitFor(async () => sink.mails.length >= INVITATIONS / 5, 60_000, 'a fifth of the mail to arrive');
    await stopReplica(replicas[0], 'SIGKILL');
    const mailsAtKill = sink.mails.length;

    const open = async (): Promise<number> =>
      Number((await db.query(`SELECT count(*) FROM invitations WHERE status IN ('pending', 'claimed')`)).rows[0].count);
    await waitFor(async () => (await open()) === 0, 90_000, 'every invitation to be sent or marked unknown');

    const { rows } = await db.query(
      `SELECT i.status, p.email, i.last_error FROM invitations i JOIN surgeries s ON s.id = i.surgery_id JOIN patients p ON p.id = s.patient_id`,
    );
    const perRecipient = new Map<string, number>();
    for (const mail of sink.mails) for (const to of mail.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);

    const sent = rows.filter((r) => r.status === 'sent');
    const unknown = rows.filter((r) => r.status === 'unknown');
    expect(mailsAtKill).toBeLessThan(INVITATIONS);
    expect(sent.length + unknown.length).toBe(INVITATIONS); // none lost, none failed
    expect(sent.filter((r) => perRecipient.get(r.email) !== 1)).toEqual([]); // exactly one message each
    expect(unknown.filter((r) => (perRecipient.get(r.email) ?? 0) > 1)).toEqual([]); // never resent blind
    expect([...perRecipient.values()].filter((n) => n > 1)).toEqual([]);
    // Only what the killed process had in flight (its send concurrency) can be unknown, and it is explained.
    expect(unknown.length).toBeLessThanOrEqual(8);
    expect(unknown.every((r) => /check with the patient/.test(r.last_error))).toBe(true);
    const claimedBy = await db.query(`SELECT count(*)::int AS n FROM invitations WHERE claimed_by IS NOT NULL`);
    expect(claimedBy.rows[0].n).toBe(0);
  }, 180_000);
});
