import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { aClinic, aSurgery } from './factories';
import { provisionRoles } from '../src/app/database/embedded';
import { migrateDatabase } from '../src/app/database/runtime';
import { AuditService } from '../src/app/audit/audit.service';
import { verifyAuditChain } from '../src/app/audit/audit-chain';

const CLI = resolve(__dirname, '../../../dist/apps/api/cli.js');

function withCredentials(base: string, database: string, role?: { name: string; password: string }): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (role) {
    url.username = role.name;
    url.password = role.password;
  }
  return url.toString();
}

/**
 * The audit log against dishonest code (issue #9): the app logs in as a role that owns nothing and
 * may only INSERT and SELECT on audit_events; every row is sealed into a chain, linked to the one
 * before by its hash, shortly after it commits, and verify-audit finds the first broken link;
 * admins can read the log; refused requests and the patients a list showed are in it. Audited
 * transactions do not wait for each other to commit (issue #10).
 */
describe('audit log', () => {
  const adminUrl = process.env['STRIDE_TEST_ADMIN_URL'] as string;
  const tag = randomBytes(4).toString('hex');
  const database = `stride_a_${process.env['STRIDE_TEST_RUN']}_${tag}`;
  const roles = {
    owner: { name: `stride_owner_${tag}`, password: randomBytes(16).toString('hex') },
    app: { name: `stride_app_${tag}`, password: randomBytes(16).toString('hex') },
  };
  const appUrl = withCredentials(adminUrl, database, roles.app);
  const ownerUrl = withCredentials(adminUrl, database, roles.owner);
  let test: TestApp;
  let appDb: Client;
  let superDb: Client;

  beforeAll(async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    await provisionRoles(withCredentials(adminUrl, database), roles);
    await migrateDatabase({ url: appUrl, migrationUrl: ownerUrl });
    // The app itself, as the role that owns nothing: its own boot-time migrate() finds nothing to do.
    test = await startTestApp({ databaseUrl: appUrl });
    appDb = new Client({ connectionString: appUrl });
    await appDb.connect();
    superDb = new Client({ connectionString: withCredentials(adminUrl, database) });
    await superDb.connect();
  });

  afterAll(async () => {
    await test?.close();
    await appDb?.end();
    await superDb?.end();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    for (const role of [roles.app.name, roles.owner.name]) await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  });

  /** `npm run cli -- verify-audit`, as the app role. */
  const cli = (...args: string[]): { status: number | null; out: string } => {
    const run = spawnSync(process.execPath, [CLI, 'verify-audit', ...args], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: appUrl, DEMO_SEED: 'false', JWT_SECRET: 'x'.repeat(40) },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: run.status, out: run.stdout + run.stderr };
  };

  /** The SQLSTATE of a statement's failure, or 'ok'. */
  const sqlState = (client: Client, sql: string): Promise<string> =>
    client.query(sql).then(
      () => 'ok',
      (error: { code?: string }) => error.code ?? 'no code',
    );

  describe('the app role', () => {
    it('may append to and read the log, and cannot change, empty, or unguard it (42501 permission errors)', async () => {
      expect(await sqlState(appDb, `INSERT INTO audit_events (action, entity_type) VALUES ('test.insert', 'test')`)).toBe('ok');
      expect(await sqlState(appDb, `SELECT count(*) FROM audit_events`)).toBe('ok');

      const refused = {
        update: await sqlState(appDb, `UPDATE audit_events SET action = 'rewritten'`),
        delete: await sqlState(appDb, `DELETE FROM audit_events`),
        truncate: await sqlState(appDb, `TRUNCATE audit_events`),
        disableTriggers: await sqlState(appDb, `ALTER TABLE audit_events DISABLE TRIGGER ALL`),
        disableSealGuard: await sqlState(appDb, `ALTER TABLE audit_events DISABLE TRIGGER audit_events_born_unsealed`),
        drop: await sqlState(appDb, `DROP TABLE audit_events`),
        replicationRole: await sqlState(appDb, `SET session_replication_role = replica`),
        moveTheHead: await sqlState(appDb, `UPDATE audit_chain_head SET seq = 0`),
        rewriteMigrations: await sqlState(appDb, `DELETE FROM migrations`),
        newTable: await sqlState(appDb, `CREATE TABLE public.scratch (id int)`),
      };
      expect(refused).toEqual({
        update: '42501',
        delete: '42501',
        truncate: '42501',
        disableTriggers: '42501',
        disableSealGuard: '42501',
        drop: '42501',
        replicationRole: '42501',
        moveTheHead: '42501',
        rewriteMigrations: '42501',
        newTable: '42501',
      });
      // The owner itself still meets the append-only trigger (honest code, or a slip in a migration).
      const owner = new Client({ connectionString: ownerUrl });
      await owner.connect();
      await expect(owner.query(`UPDATE audit_events SET action = 'rewritten'`)).rejects.toThrow(/append-only/);
      await owner.end();
    });

    it('runs the product: sign-in, enrolment, a survey link, as a role that owns nothing', async () => {
      const { api: admin } = await signIn(test, 'admin');
      const surgeon = await signIn(test, 'surgeon');
      const patient = await admin.post('/api/patients', {
        mrn: `MRN-${tag}`,
        givenName: 'Rosa',
        familyName: 'Quintanilla',
        birthDate: '1951-06-02',
        email: 'rosa.q@example.org',
        language: 'en',
        surgeonId: surgeon.user.id,
      });
      expect(patient.status).toBe(201);
      const surgery = await admin.post(`/api/patients/${patient.body.id}/surgeries`, { procedure: 'laminectomy', surgeryDate: '2026-04-01' });
      expect(surgery.status).toBe(201);
      const baseline = surgery.body.invitations.find((i: { timepoint: string }) => i.timepoint === 'baseline');
      const link = await admin.post(`/api/invitations/${baseline.id}/link`);
      expect(link.status).toBe(201);
      const token = link.body.url.split('/s/')[1];
      expect((await new Api(test.baseUrl).get(`/api/public/surveys/${token}`)).status).toBe(200);
    });
  });

  describe('hash chain', () => {
    it('stays one unbroken chain under 300 concurrent writers and sealers on two replicas, rolled-back transactions among them', async () => {
      const audit = test.app.get(AuditService);
      const second = await startTestApp({ databaseUrl: appUrl });
      try {
        const writers = [audit, second.app.get(AuditService)];
        const before = Number((await appDb.query(`SELECT count(*) FROM audit_events`)).rows[0].count);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 300 }, (_, i) => {
            const writer = writers[i % 2];
            const entry = { action: 'test.concurrent', entityType: 'test', entityId: String(i), detail: { i } };
            // Both replicas seal while the others write, waiting for the head or not.
            if (i % 25 === 3) return writer.seal({ waitSeconds: i % 2 ? 10 : 0 });
            if (i % 10 !== 7) return writer.record(null, entry);
            // Every tenth writer gives up after writing: its row must vanish with its transaction.
            return test.dataSource.transaction(async (manager) => {
              await writer.record(null, entry, manager);
              throw new Error('rolled back on purpose');
            });
          }),
        );
        expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(30);
        await audit.seal({ waitSeconds: 10 });
        const { rows } = await appDb.query(`SELECT count(*)::int AS n, min(chain_seq)::int AS lo, max(chain_seq)::int AS hi FROM audit_events`);
        expect(rows[0].n).toBe(before + 258); // 12 of the 300 sealed; 30 rolled back
        expect(rows[0].hi - rows[0].lo + 1).toBe(rows[0].n); // no gaps, no duplicates (chain_seq is unique)
        expect(await verifyAuditChain(test.dataSource)).toMatchObject({ intact: true, rows: before + 258, unsealed: 0, headSeq: rows[0].hi });
      } finally {
        await second.close();
      }
    });
  });

  describe('sealing after commit', () => {
    const connect = async (url: string): Promise<Client> => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    };
    const INSERT = `INSERT INTO audit_events (action, entity_type, entity_id) VALUES ('test.parallel', 'test', $1) RETURNING id`;

    it('lets two transactions each holding an uncommitted audit row go on and commit without waiting for each other', async () => {
      const [first, second] = [await connect(appUrl), await connect(appUrl)];
      try {
        // A writer that waited on the other's lock would be cancelled here instead of hanging the test.
        for (const client of [first, second]) await client.query(`SET statement_timeout = '3s'`);
        await first.query('BEGIN');
        const a = (await first.query(INSERT, ['first'])).rows[0].id;
        await second.query('BEGIN');
        const b = (await second.query(INSERT, ['second'])).rows[0].id;
        // The later row commits first; both are sealed (the sealer takes committed rows in id order).
        await second.query('COMMIT');
        const started = Date.now();
        await first.query('COMMIT');
        expect(Date.now() - started).toBeLessThan(3000);

        expect(await test.app.get(AuditService).seal({ waitSeconds: 10 })).toBeGreaterThanOrEqual(0);
        const { rows } = await appDb.query(`SELECT id, chain_seq FROM audit_events WHERE id IN ($1, $2) ORDER BY id`, [a, b]);
        expect(rows.map((r) => r.chain_seq === null)).toEqual([false, false]);
        expect(await verifyAuditChain(test.dataSource)).toMatchObject({ intact: true, unsealed: 0 });
      } finally {
        await first.end();
        await second.end();
      }
    });

    it('gives the app role nothing that rewrites a sealed row: sealing again changes nothing, forged or edited chain columns are refused', async () => {
      await test.app.get(AuditService).seal({ waitSeconds: 10 });
      const chain = async (): Promise<string> =>
        JSON.stringify((await appDb.query(`SELECT id, chain_seq, encode(prev_hash, 'hex') AS p, encode(hash, 'hex') AS h FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY id`)).rows);
      const sealedBefore = await chain();
      for (let i = 0; i < 3; i++) expect(await sqlState(appDb, `SELECT audit_seal(true)`)).toBe('ok');
      expect(await chain()).toBe(sealedBefore);

      const [{ id: sealedId }] = (await appDb.query(`SELECT id FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`)).rows;
      expect({
        unseal: await sqlState(appDb, `UPDATE audit_events SET chain_seq = NULL, prev_hash = NULL, hash = NULL WHERE id = ${sealedId}`),
        sealByHand: await sqlState(appDb, `UPDATE audit_events SET chain_seq = 1 WHERE chain_seq IS NULL`),
        // A row that arrives with its own link is refused by the trigger (P0001), not chained as sent.
        forgedSeal: await sqlState(appDb, `INSERT INTO audit_events (action, entity_type, chain_seq, prev_hash, hash) SELECT 'test.forged', 'test', 999999, hash, hash FROM audit_chain_head`),
        moveTheHead: await sqlState(appDb, `UPDATE audit_chain_head SET hash = sha256('x')`),
        callTheGuard: await sqlState(appDb, `SELECT audit_events_born_unsealed()`),
      }).toEqual({ unseal: '42501', sealByHand: '42501', forgedSeal: 'P0001', moveTheHead: '42501', callTheGuard: '0A000' });

      // The owner (honest code, or a migration's slip) cannot unseal or rewrite a sealed row, nor seal
      // one with a hash that is not its content's digest. Where a seal sits in the chain is not the
      // trigger's to check: verify-audit finds a seal that does not continue from the one before.
      const owner = await connect(ownerUrl);
      try {
        await expect(owner.query(`UPDATE audit_events SET chain_seq = NULL, prev_hash = NULL, hash = NULL WHERE id = $1`, [sealedId])).rejects.toThrow(/append-only/);
        await expect(owner.query(`UPDATE audit_events SET hash = sha256('x') WHERE id = $1`, [sealedId])).rejects.toThrow(/append-only/);
        const [{ id: fresh }] = (await owner.query(INSERT, ['owner'])).rows;
        // Sealing by hand with a made-up hash, or with the content changed on the way, is refused.
        await expect(owner.query(`UPDATE audit_events SET chain_seq = 999999, prev_hash = sha256('x'), hash = sha256('y') WHERE id = $1`, [fresh])).rejects.toThrow(/append-only/);
        await expect(
          owner.query(
            `UPDATE audit_events SET action = 'rewritten', chain_seq = 999999, prev_hash = sha256('x'),
                    hash = audit_event_digest(sha256('x'), 999999, id, at, actor_id, actor_role, 'test.parallel', entity_type, entity_id, detail)
              WHERE id = $1`,
            [fresh],
          ),
        ).rejects.toThrow(/append-only/);
      } finally {
        await owner.end();
      }
      expect(await chain()).toBe(sealedBefore);
    });

    it('cannot point the sealer at look-alike temporary tables: no TEMP right, and audit_seal searches pg_temp last', async () => {
      const audit = test.app.get(AuditService);
      await audit.seal({ waitSeconds: 10 });
      expect(await sqlState(appDb, `CREATE TEMP TABLE audit_chain_head (seq bigint, hash bytea)`)).toBe('42501');
      // Even a session that may create temporary tables cannot make the owner's function read them.
      await superDb.query(`GRANT TEMPORARY ON DATABASE "${database}" TO "${roles.app.name}"`);
      const shadow = await connect(appUrl);
      try {
        await audit.record(null, { action: 'test.shadowed', entityType: 'test' });
        await shadow.query(`CREATE TEMP TABLE audit_chain_head AS SELECT * FROM public.audit_chain_head`);
        await shadow.query(`UPDATE pg_temp.audit_chain_head SET seq = seq + 100, hash = sha256('fake')`);
        await shadow.query(`CREATE TEMP TABLE audit_events AS SELECT * FROM public.audit_events LIMIT 0`);
        await shadow.query(`INSERT INTO pg_temp.audit_events (id, action, entity_type) VALUES (-1, 'test.fake', 'test')`);
        expect((await shadow.query(`SELECT audit_seal(true) AS sealed`)).rows[0].sealed).toBe(1);
        // The shadow tables are untouched; the real row was sealed onto the real head.
        expect((await shadow.query(`SELECT chain_seq FROM pg_temp.audit_events`)).rows).toEqual([{ chain_seq: null }]);
      } finally {
        await shadow.end();
        await superDb.query(`REVOKE TEMPORARY ON DATABASE "${database}" FROM "${roles.app.name}"`);
      }
      expect(await verifyAuditChain(test.dataSource)).toMatchObject({ intact: true, unsealed: 0 });
      const { rows } = await appDb.query(`SELECT chain_seq FROM audit_events WHERE action = 'test.shadowed'`);
      expect(rows[0].chain_seq).not.toBeNull();
    });

    it('seals a backlog in batches of 5,000, each its own short statement', async () => {
      const audit = test.app.get(AuditService);
      await audit.seal({ waitSeconds: 10 });
      const owner = await connect(ownerUrl);
      try {
        await owner.query(`INSERT INTO audit_events (action, entity_type, entity_id) SELECT 'test.backlog', 'test', n::text FROM generate_series(1, 11000) n`);
      } finally {
        await owner.end();
      }
      expect((await appDb.query(`SELECT audit_seal(true) AS sealed`)).rows[0].sealed).toBe(5000);
      expect(await audit.seal({ waitSeconds: 10 })).toBe(6000);
      expect(await verifyAuditChain(test.dataSource)).toMatchObject({ intact: true, unsealed: 0 });
    });

    it('verify reports rows awaiting sealing while another sealer holds the head, then seals them into the chain', async () => {
      const audit = test.app.get(AuditService);
      await audit.seal({ waitSeconds: 10 });
      const holder = await connect(ownerUrl);
      try {
        await holder.query('BEGIN');
        await holder.query(`SELECT * FROM audit_chain_head FOR UPDATE`);
        for (let i = 0; i < 3; i++) await audit.record(null, { action: 'test.awaiting', entityType: 'test', entityId: String(i) });
        // The periodic sealers skip a taken head; a reader gives up after its wait.
        expect(await audit.seal()).toBe(0);
        expect(await audit.seal({ waitSeconds: 1 })).toBeNull();
        expect(await verifyAuditChain(test.dataSource)).toMatchObject({ intact: true, unsealed: 3 });
        const fromCli = cli();
        expect(fromCli.status).toBe(0);
        expect(fromCli.out).toContain('Sealing is busy');
        expect(fromCli.out).toContain('3 row(s) awaiting sealing');
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      await audit.seal({ waitSeconds: 10 }); // (or the periodic sealer, the moment the head was free)
      const report = await verifyAuditChain(test.dataSource);
      expect(report).toMatchObject({ intact: true, unsealed: 0 });
      const { rows } = await appDb.query(`SELECT count(chain_seq)::int AS sealed, max(chain_seq)::int AS last FROM audit_events WHERE action = 'test.awaiting'`);
      expect(rows[0].sealed).toBe(3);
      expect(report.intact && report.headSeq).toBe(rows[0].last);
    });
  });

  describe('GET /api/admin/audit', () => {
    it('shows admins the log newest first, filtered by action and actor; other roles get 403', async () => {
      const { api: admin, user: adminUser } = await signIn(test, 'admin');
      const surgeon = await signIn(test, 'surgeon');
      expect((await surgeon.api.get('/api/patients')).status).toBe(200);

      const all = await admin.get('/api/admin/audit');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ page: 1, pageSize: 50, total: expect.any(Number) });
      const seqs = all.body.items.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual([...seqs].sort((x: number, y: number) => y - x));
      expect(all.body.items[0]).toEqual({
        id: expect.any(String),
        seq: expect.any(Number),
        at: expect.any(String),
        actorId: expect.any(String),
        actorName: expect.any(String),
        actorRole: expect.any(String),
        action: expect.any(String),
        entityType: expect.any(String),
        entityId: null,
        detail: expect.any(Object),
      });

      const bySurgeon = await admin.get(`/api/admin/audit?actor=${surgeon.user.id}&action=patient.list`);
      expect(bySurgeon.body.items).toHaveLength(1);
      expect(bySurgeon.body.items[0]).toMatchObject({ actorId: surgeon.user.id, actorName: surgeon.user.name, actorRole: 'surgeon', action: 'patient.list' });
      expect((await admin.get('/api/admin/audit?page=2&action=test.concurrent')).body.items).toHaveLength(50);
      // Reading the log is in the log.
      const reads = await admin.get(`/api/admin/audit?action=audit.read&actor=${adminUser.id}`);
      expect(reads.body.total).toBeGreaterThanOrEqual(3);

      expect((await admin.get('/api/admin/audit?actor=someone')).status).toBe(400);
      expect((await surgeon.api.get('/api/admin/audit')).status).toBe(403);
    });
  });

  describe('what is recorded', () => {
    it('records the ids of the patients a list showed', async () => {
      const surgeon = await signIn(test, 'surgeon');
      const clinic = { ...(await aClinic(test)), surgeonId: surgeon.user.id };
      const mine = [await aSurgery(clinic), await aSurgery(clinic)].map((e) => e.patientId);
      const { api: admin } = await signIn(test, 'admin');
      const list = await surgeon.api.get('/api/patients');
      expect(list.status).toBe(200);
      const shown = list.body.items.map((p: { id: string }) => p.id);
      expect(shown.sort()).toEqual(mine.sort());
      const row = (await admin.get(`/api/admin/audit?action=patient.list&actor=${surgeon.user.id}`)).body.items[0];
      expect(row.detail.patientIds.sort()).toEqual(shown);
      expect(row.detail.count).toBe(2);
    });

    it('records refusals to a signed-in user (another surgeon\'s patient: 404; another surgeon\'s cohort: 403) with caller and path, never the token', async () => {
      const clinic = await aClinic(test);
      const theirs = await aSurgery(clinic);
      const nosy = await signIn(test, 'surgeon');
      const { api: admin } = await signIn(test, 'admin');

      expect((await nosy.api.get(`/api/patients/${theirs.patientId}`)).status).toBe(404);
      expect((await nosy.api.get(`/api/patients/${theirs.patientId}?search=Quintanilla`)).status).toBe(404);
      expect((await nosy.api.get(`/api/cohorts/summary?surgeonId=${clinic.surgeonId}`)).status).toBe(403);
      // Refusals to nobody in particular (an unknown survey link) are rate limited, not logged.
      expect((await new Api(test.baseUrl).get(`/api/public/surveys/${randomBytes(32).toString('base64url')}`)).status).toBe(404);

      const denied = (await admin.get(`/api/admin/audit?action=access.denied&actor=${nosy.user.id}`)).body.items;
      expect(denied.map((d: { detail: unknown }) => d.detail)).toEqual([
        { status: 403, code: 'FORBIDDEN', method: 'GET', route: '/api/cohorts/summary', path: '/api/cohorts/summary' },
        { status: 404, code: 'NOT_FOUND', method: 'GET', route: '/api/patients/:id', path: `/api/patients/${theirs.patientId}` },
        { status: 404, code: 'NOT_FOUND', method: 'GET', route: '/api/patients/:id', path: `/api/patients/${theirs.patientId}` },
      ]);
      expect(denied[1]).toMatchObject({ actorId: nosy.user.id, actorRole: 'surgeon', entityId: theirs.patientId });
      const everything = JSON.stringify((await appDb.query(`SELECT detail FROM audit_events WHERE action = 'access.denied'`)).rows);
      expect(everything).not.toMatch(/Quintanilla|Bearer|eyJ/);
      const unknownLinks = await appDb.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id IS NULL AND action = 'access.denied'`);
      expect(unknownLinks.rows[0].n).toBe(0);
    });
  });

  describe('verify-audit', () => {
    it('finds an edited row, a removed row and a cut-off tail (and `npm run cli -- verify-audit` says so)', async () => {
      const clean = cli();
      expect(clean.status).toBe(0);
      const head = /Chain head: (\d+:[0-9a-f]{64})/.exec(clean.out)?.[1] as string;
      expect(head).toBeDefined();
      expect(cli('--head', head).status).toBe(0);

      // Someone with the owner's powers (not the app's) edits a row in the middle, one audit_seal() chained.
      const { rows } = await superDb.query(`SELECT id, chain_seq, detail FROM audit_events ORDER BY chain_seq OFFSET 20 LIMIT 1`);
      const victim = rows[0];
      const tamper = async (sql: string, params: unknown[]): Promise<void> => {
        await superDb.query('BEGIN');
        await superDb.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change`);
        await superDb.query(sql, params);
        await superDb.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change`);
        await superDb.query('COMMIT');
      };
      await tamper(`UPDATE audit_events SET detail = detail || '{"count": 0}' WHERE id = $1`, [victim.id]);
      const edited = await verifyAuditChain(test.dataSource);
      expect(edited).toMatchObject({ intact: false, brokenAt: { id: victim.id, seq: Number(victim.chain_seq) } });
      expect(edited.intact === false && edited.reason).toMatch(/edited/);
      const fromCli = cli();
      expect(fromCli.status).toBe(2);
      expect(fromCli.out).toContain(`BROKEN at row id ${victim.id} (seq ${victim.chain_seq})`);

      // Put it back, then cut the newest row off the end: the head still names it.
      await tamper(`UPDATE audit_events SET detail = $2 WHERE id = $1`, [victim.id, victim.detail]);
      expect(await verifyAuditChain(test.dataSource)).toMatchObject({ intact: true });
      await tamper(`DELETE FROM audit_events WHERE chain_seq = (SELECT max(chain_seq) FROM audit_events)`, []);
      const cut = await verifyAuditChain(test.dataSource);
      expect(cut.intact === false && cut.reason).toMatch(/cut off the end/);
      // ...and remove a row in the middle: the row after it no longer links.
      await tamper(`DELETE FROM audit_events WHERE id = $1`, [victim.id]);
      expect(await verifyAuditChain(test.dataSource)).toMatchObject({ intact: false, brokenAt: { seq: Number(victim.chain_seq) + 1 } });
      expect(cli('--head', head).status).toBe(2);
    });
  });
});
