import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Api, HttpResult, signIn, startTestApp, TestApp } from './harness';
import { createApp } from '../src/app/bootstrap';
import { Clock } from '../src/app/common/clock';
import { LOGIN_LIMITS, accountKeyOf } from '../src/app/auth/login-throttle';
import { hashPassword } from '../src/app/auth/password';

/**
 * Issue #9 on real PostgreSQL: sessions that end at once (logout, deactivation, a role change, a
 * token from another deployment), the login throttle per account and per client, equal cost for
 * known and unknown emails, the portal staying responsive during a login storm, and the password rules.
 */
describe('Sign-in, sessions and the login throttle', () => {
  let test: TestApp;
  let admin: { user: { id: string }; api: Api };
  const WINDOW_MS = LOGIN_LIMITS.windowSeconds * 1000;
  // About 20 deliberate scrypt runs of a second or more each, one at a time, on a busy CI machine.
  const SCRYPT_HEAVY_MS = 180_000;

  // TRUST_PROXY lets each test speak from its own client address (X-Forwarded-For), so the
  // per-client counters of one test do not leak into the next.
  let sharedPassword: string;
  let sharedHash: string;
  beforeAll(async () => {
    test = await startTestApp({ env: { TRUST_PROXY: 'true' } });
    admin = await signIn(test, 'admin');
    sharedPassword = `pw-${randomBytes(8).toString('hex')}`;
    sharedHash = await hashPassword(sharedPassword);
  });
  afterAll(() => test?.close());

  let nextClient = 1;
  const aClient = (): string => `198.51.100.${nextClient++}`;

  function login(email: string, password: string, client: string, baseUrl = test.baseUrl): Promise<HttpResult> {
    return request(baseUrl, 'POST', '/api/auth/login', { 'x-forwarded-for': client }, { email, password });
  }

  /** A user with the file's one password, inserted directly: a second of scrypt per user adds up. */
  async function aUser(role: 'admin' | 'surgeon' | 'researcher'): Promise<{ id: string; email: string; password: string }> {
    const tag = randomBytes(4).toString('hex');
    const email = `${role}-${tag}@clinic.test`;
    const [{ id }] = await test.dataSource.query(
      `INSERT INTO users (email, name, role, password_hash, surgeon_code) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [email, `${role} ${tag}`, role, sharedHash, `SG-T${tag}`],
    );
    return { id, email, password: sharedPassword };
  }

  /** Failures already on the books for an account, as if made in this window. */
  async function priorFailures(email: string, count: number, client = '203.0.113.250'): Promise<void> {
    await test.dataSource.query(
      `INSERT INTO login_failures (at, account_key, client_ip) SELECT $1, $2, $3 FROM generate_series(1, $4)`,
      [test.clock.now(), accountKeyOf(email), client, count],
    );
  }

  async function auditActions(entityId: string): Promise<{ action: string; detail: Record<string, unknown> }[]> {
    return test.dataSource.query(`SELECT action, detail FROM audit_events WHERE entity_id = $1 ORDER BY id`, [entityId]);
  }

  describe('sessions', () => {
    it('logout ends that token at once, and only that one', async () => {
      const user = await aUser('surgeon');
      const first = await login(user.email, user.password, aClient());
      const second = await login(user.email, user.password, aClient());
      const a = new Api(test.baseUrl, first.body.accessToken);
      const b = new Api(test.baseUrl, second.body.accessToken);
      expect((await a.get('/api/patients')).status).toBe(200);

      const out = await a.post('/api/auth/logout');
      expect(out.status).toBe(204);
      const after = await a.get('/api/patients');
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('UNAUTHENTICATED');
      expect((await a.post('/api/auth/logout')).status).toBe(401);
      expect((await b.get('/api/patients')).status).toBe(200);

      const audit = await auditActions(user.id);
      expect(audit.map((r) => r.action)).toEqual(['auth.login', 'auth.login', 'auth.logout', 'auth.denied', 'auth.denied']);
      expect(audit[3].detail).toMatchObject({ reason: 'revoked', method: 'GET', route: '/api/patients' });
    });

    it('a deactivated user loses every session at once and cannot sign in until reactivated', async () => {
      const user = await aUser('surgeon');
      const session = new Api(test.baseUrl, (await login(user.email, user.password, aClient())).body.accessToken);
      expect((await session.get('/api/patients')).status).toBe(200);

      const off = await admin.api.patch(`/api/users/${user.id}`, { active: false });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id: user.id, active: false, role: 'surgeon' });
      expect((await session.get('/api/patients')).status).toBe(401);
      const refused = await login(user.email, user.password, aClient());
      expect(refused.status).toBe(401);
      expect(refused.body.message).toMatch(/deactivated/);
      // Someone guessing learns nothing: a wrong password gets the usual answer.
      expect((await login(user.email, 'not-the-password-1', aClient())).body.message).toBe('Email or password is incorrect');

      const listed = (await admin.api.get('/api/users')).body as { id: string; active: boolean }[];
      expect(listed.find((u) => u.id === user.id)?.active).toBe(false);
      const activeOnly = (await admin.api.get('/api/users?active=true')).body as { id: string }[];
      expect(activeOnly.some((u) => u.id === user.id)).toBe(false);
      const [row] = await test.dataSource.query(`SELECT deactivated_at FROM users WHERE id = $1`, [user.id]);
      expect(row.deactivated_at).toEqual(test.clock.now());

      expect((await admin.api.patch(`/api/users/${user.id}`, { active: true })).body.active).toBe(true);
      expect((await session.get('/api/patients')).status).toBe(401);
      expect((await login(user.email, user.password, aClient())).status).toBe(200);
      const [update] = (await auditActions(user.id)).filter((r) => r.action === 'user.update');
      expect(update.detail).toMatchObject({ active: { from: true, to: false }, sessionsEnded: 1 });
    });

    it('a deactivated surgeon gets no new patient or surgery; their patients keep their history', async () => {
      const user = await aUser('surgeon');
      const mrn = `MRN-${randomBytes(3).toString('hex')}`;
      const enrolled = await admin.api.post('/api/patients', {
        mrn, givenName: 'Ada', familyName: 'Stone', birthDate: '1950-01-01', email: `${mrn}@example.org`, language: 'en', surgeonId: user.id,
      });
      expect(enrolled.status).toBe(201);
      expect((await admin.api.patch(`/api/users/${user.id}`, { active: false })).status).toBe(200);

      const refused = await admin.api.post('/api/patients', {
        mrn: `${mrn}-2`, givenName: 'Bo', familyName: 'Stone', birthDate: '1950-01-01', email: `${mrn}-2@example.org`, language: 'en', surgeonId: user.id,
      });
      expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(refused.body.errors).toEqual([{ field: 'surgeonId', message: expect.stringMatching(/^surgeon [0-9a-f]{8} is deactivated; choose an active surgeon$/) }]);
      // A new surgery for their patient must name another surgeon.
      const surgery = await admin.api.post(`/api/patients/${enrolled.body.id}/surgeries`, { procedure: 'laminectomy', surgeryDate: '2026-12-20' });
      expect([surgery.status, surgery.body.errors?.[0]?.field]).toEqual([400, 'surgeonId']);
      expect((await admin.api.get(`/api/patients/${enrolled.body.id}`)).status).toBe(200);
      const [{ count }] = await test.dataSource.query(`SELECT count(*)::int AS count FROM patients WHERE mrn = $1`, [`${mrn}-2`]);
      expect(count).toBe(0);
    });

    it('a surgeon demoted to researcher loses surgeon access on the next request, with the same token', async () => {
      const user = await aUser('surgeon');
      const session = new Api(test.baseUrl, (await login(user.email, user.password, aClient())).body.accessToken);
      expect((await session.get('/api/patients')).status).toBe(200);
      expect((await session.get('/api/exports/dictionary.csv')).status).toBe(403);

      expect((await admin.api.patch(`/api/users/${user.id}`, { role: 'researcher', name: 'Dr. Now Research' })).status).toBe(200);
      const denied = await session.get('/api/patients');
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('FORBIDDEN');
      expect((await session.get('/api/exports/dictionary.csv')).status).toBe(200);
      const audit = await auditActions(user.id);
      expect(audit.find((r) => r.action === 'user.update')?.detail).toMatchObject({ role: { from: 'surgeon', to: 'researcher' }, sessionsEnded: 0 });
      expect(audit.at(-1)).toMatchObject({ action: 'auth.denied', detail: { reason: 'role', route: '/api/patients' } });
    });

    it('refuses a token signed with the same secret for a session this database never issued', async () => {
      const jwt = test.app.get(JwtService);
      const foreign = new Api(test.baseUrl, await jwt.signAsync({ sub: admin.user.id, sid: randomUUID() }));
      expect((await foreign.get('/api/users')).status).toBe(401);
      // A token from before sessions existed: it names a role, and the role is not believed.
      const legacy = new Api(test.baseUrl, await jwt.signAsync({ sub: admin.user.id, role: 'admin', name: 'Mallory' }));
      expect((await legacy.get('/api/users')).status).toBe(401);
      // A live session with another user's id in `sub` is not that user's.
      const [session] = await test.dataSource.query(`SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL LIMIT 1`, [admin.user.id]);
      const surgeon = await aUser('surgeon');
      const swapped = new Api(test.baseUrl, await jwt.signAsync({ sub: surgeon.id, sid: session.id }));
      expect((await swapped.get('/api/patients')).status).toBe(401);
    });

    it('a session lasts 12 hours of wall-clock time, however far the test clock moves', async () => {
      const user = await aUser('researcher');
      const token = (await login(user.email, user.password, aClient())).body.accessToken as string;
      const jwt = test.app.get(JwtService);
      const { sid, iat, exp } = jwt.decode<{ sid: string; iat: number; exp: number }>(token);
      expect(exp - iat).toBe(12 * 3600);
      const [row] = await test.dataSource.query(`SELECT created_at, expires_at FROM sessions WHERE id = $1`, [sid]);
      expect([row.created_at.getTime(), row.expires_at.getTime()]).toEqual([iat * 1000, exp * 1000]);

      // Follow-ups are tested by moving the clock weeks ahead; a session is not clinic time.
      test.clock.advanceDays(30);
      try {
        expect((await new Api(test.baseUrl, token).get('/api/exports/dictionary.csv')).status).toBe(200);
      } finally {
        test.clock.advanceDays(-30);
      }
      // The same session in a token whose signed expiry has passed.
      const stale = await jwt.signAsync({ sub: user.id, sid, exp: Math.floor(Date.now() / 1000) - 1 });
      expect((await new Api(test.baseUrl, stale).get('/api/exports/dictionary.csv')).status).toBe(401);
    });

    it('a password reset by an admin ends the user\'s sessions; the new password then works', async () => {
      const user = await aUser('surgeon');
      const session = new Api(test.baseUrl, (await login(user.email, user.password, aClient())).body.accessToken);
      const weak = await admin.api.patch(`/api/users/${user.id}`, { password: 'aaaaaaaaaaaa' });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'password' }] });
      expect((await session.get('/api/patients')).status).toBe(200);

      const fresh = `new-${randomBytes(6).toString('hex')}`;
      expect((await admin.api.patch(`/api/users/${user.id}`, { password: fresh })).status).toBe(200);
      expect((await session.get('/api/patients')).status).toBe(401);
      expect((await login(user.email, user.password, aClient())).status).toBe(401);
      expect((await login(user.email, fresh, aClient())).status).toBe(200);
      const [hash] = await test.dataSource.query(`SELECT detail::text AS text FROM audit_events WHERE entity_id = $1 AND action = 'user.update'`, [user.id]);
      expect(hash.text).not.toContain(fresh);
    });

    it('the last active admin cannot demote or deactivate themself (409), in the API and in the schema', async () => {
      // Leave exactly one active admin in this database.
      await test.dataSource.query(`UPDATE users SET active = false, deactivated_at = now() WHERE role = 'admin' AND id <> $1 AND active`, [admin.user.id]);
      for (const change of [{ role: 'surgeon' }, { active: false }]) {
        const refused = await admin.api.patch(`/api/users/${admin.user.id}`, change);
        expect(refused.status).toBe(409);
        expect(refused.body.code).toBe('CONFLICT');
        expect(refused.body.message).toMatch(/You are the last active admin/);
      }
      await expect(test.dataSource.query(`UPDATE users SET role = 'surgeon' WHERE id = $1`, [admin.user.id])).rejects.toThrow(/last active admin/);
      expect((await admin.api.get('/api/users')).status).toBe(200);

      // With a second admin, stepping down is allowed, and takes effect at once.
      const other = await aUser('admin');
      expect((await admin.api.patch(`/api/users/${admin.user.id}`, { name: 'Still Admin' })).status).toBe(200);
      const otherApi = new Api(test.baseUrl, (await login(other.email, other.password, aClient())).body.accessToken);
      expect((await admin.api.patch(`/api/users/${admin.user.id}`, { role: 'researcher' })).status).toBe(200);
      expect((await admin.api.get('/api/users')).status).toBe(403);
      expect((await otherApi.patch(`/api/users/${other.id}`, { active: false })).status).toBe(409);
      expect((await otherApi.patch(`/api/users/${admin.user.id}`, { role: 'admin' })).status).toBe(200);
      expect((await admin.api.get('/api/users')).status).toBe(200);
    });
  });

  describe('throttle', () => {
    it(`refuses the ${LOGIN_LIMITS.perAccount + 1}th failure in a window with 429 RATE_LIMITED and Retry-After, until the window frees`, async () => {
      const user = await aUser('surgeon');
      for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
        expect((await login(user.email, `wrong-password-${i}`, aClient())).status).toBe(401);
      }
      // Even the right password, from another client: the account is what is being guessed.
      const throttled = await login(user.email.toUpperCase(), user.password, aClient());
      expect(throttled.status).toBe(429);
      expect(throttled.body.code).toBe('RATE_LIMITED');
      expect(throttled.headers.get('retry-after')).toBe(String(LOGIN_LIMITS.windowSeconds));
      expect(throttled.body.message).toMatch(/try again in 15 minutes/);

      test.clock.advance(WINDOW_MS - 5 * 60_000);
      expect((await login(user.email, user.password, aClient())).headers.get('retry-after')).toBe('300');
      test.clock.advance(5 * 60_000);
      expect((await login(user.email, user.password, aClient())).status).toBe(200);

      const audit = await auditActions(user.id);
      const failed = audit.filter((r) => r.action === 'auth.login_failed');
      expect(failed).toHaveLength(LOGIN_LIMITS.perAccount);
      expect(failed[0].detail).toMatchObject({ reason: 'wrong_password' });
      expect(JSON.stringify(audit)).not.toContain('wrong-password');
      const throttledRows = await test.dataSource.query(`SELECT detail FROM audit_events WHERE action = 'auth.login_throttled' AND detail->>'emailHash' = $1`, [
        accountKeyOf(user.email),
      ]);
      expect(throttledRows.map((r: { detail: Record<string, unknown> }) => r.detail.limit)).toEqual(['account', 'account']);
      expect(JSON.stringify(throttledRows)).not.toContain(user.email);
    });

    it('a success clears the account count, not the client count', async () => {
      const user = await aUser('surgeon');
      const client = aClient();
      await priorFailures(user.email, LOGIN_LIMITS.perAccount - 1, client);
      expect((await login(user.email, user.password, client)).status).toBe(200);
      const left = await test.dataSource.query(`SELECT account_key FROM login_failures WHERE account_key = $1 OR client_ip = $2`, [accountKeyOf(user.email), client]);
      expect(left).toEqual([]);
      await priorFailures(user.email, LOGIN_LIMITS.perAccount - 1, client);
      expect((await login(user.email, 'wrong-password!', client)).status).toBe(401);
      expect((await login(user.email, user.password, client)).status).toBe(429);
      await test.dataSource.query(`DELETE FROM login_failures WHERE account_key = $1`, [accountKeyOf(user.email)]);
      await test.dataSource.query(
        `INSERT INTO login_failures (at, account_key, client_ip) SELECT $1, 'k' || n, $2 FROM generate_series(1, $3) n`,
        [test.clock.now(), client, LOGIN_LIMITS.perClient - 1],
      );
      expect((await login(user.email, user.password, client)).status).toBe(200);
      expect((await login(user.email, user.password, client)).status).toBe(200);
      const [{ count }] = await test.dataSource.query(`SELECT count(*)::int AS count FROM login_failures WHERE client_ip = $1`, [client]);
      expect(count).toBe(LOGIN_LIMITS.perClient - 1);
    });

    it('of a concurrent burst against one account, only the limit get to try a password', async () => {
      const user = await aUser('researcher');
      const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => login(user.email, `guess-number-${i}`, aClient())));
      // Each attempt is counted before its password is checked, so no burst gets past the limit
      // (a burst may be refused a little early, never late).
      const tried = burst.filter((r) => r.status === 401).length;
      expect(tried).toBeLessThanOrEqual(LOGIN_LIMITS.perAccount);
      expect(burst.filter((r) => r.status === 429)).toHaveLength(8 - tried);
      const [{ count }] = await test.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE entity_id = $1 AND action = 'auth.login_failed'`, [user.id]);
      expect(count).toBe(tried);
      test.clock.advance(WINDOW_MS);
    });

    it(`limits one client to ${LOGIN_LIMITS.perClient} failures across accounts, and the portal and health stay fast meanwhile`, async () => {
      // A second app on the same database that also serves the portal's files: issue #9 saw the
      // portal and the survey page stall for 17-29 s while scrypt held libuv's threads.
      const portalDir = mkdtempSync(join(tmpdir(), 'stride-portal-'));
      chmodSync(portalDir, 0o755);
      writeFileSync(join(portalDir, 'index.html'), '<!doctype html><title>Stride</title>');
      writeFileSync(join(portalDir, 'main-ABCDEFGH.js'), 'console.log(1);'.repeat(2000));
      const portal: NestFastifyApplication = await createApp({
        config: { ...test.config, portalDir },
        databaseUrl: test.databaseUrl,
        clock: test.clock as Clock,
      });
      try {
        await portal.listen({ port: 0, host: '127.0.0.1' });
        const base = `http://127.0.0.1:${(portal.getHttpServer().address() as { port: number }).port}`;
        const attacker = aClient();
        const started = performance.now();
        const storm = Promise.all(
          Array.from({ length: 16 }, async (_, i) => {
            const result = await login(`nobody-${i}@clinic.test`, 'a-wrong-password', attacker, base);
            return { status: result.status, ms: performance.now() - started };
          }),
        );
        await sleep(200);
        const latencies: number[] = [];
        for (let i = 0; i < 10; i++) {
          for (const path of ['/api/health', '/', '/main-ABCDEFGH.js']) {
            const t = performance.now();
            expect((await request(base, 'GET', path)).status).toBe(200);
            latencies.push(performance.now() - t);
          }
          await sleep(100);
        }
        const results = await storm;
        const stormMs = Math.max(...results.map((r) => r.ms));
        const slowest = Math.max(...latencies);
        console.log(`login storm: 16 bad logins took ${Math.round(stormMs)} ms; health/portal during it: median ${Math.round(median(latencies))} ms, max ${Math.round(slowest)} ms`);
        expect(results.every((r) => r.status === 401)).toBe(true);
        // Before the fix the portal's files waited for the whole storm (about 25 s here).
        expect(median(latencies)).toBeLessThan(300);
        expect(slowest * 5).toBeLessThan(stormMs);

        // The storm counted against the client; with four more failures on the books, the next
        // attempt is refused whatever the account.
        const [{ count }] = await test.dataSource.query(`SELECT count(*)::int AS count FROM login_failures WHERE client_ip = $1`, [attacker]);
        expect(count).toBe(16);
        for (let i = 16; i < LOGIN_LIMITS.perClient; i++) await priorFailures(`nobody-${i}@clinic.test`, 1, attacker);
        const blocked = await login(`someone-else@clinic.test`, 'x-wrong-password', attacker);
        expect(blocked.status).toBe(429);
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
        const user = await aUser('surgeon');
        expect((await login(user.email, user.password, aClient())).status).toBe(200);
        const [unknown] = await test.dataSource.query(
          `SELECT detail FROM audit_events WHERE action = 'auth.login_failed' AND detail->>'clientIp' = $1 LIMIT 1`,
          [attacker],
        );
        expect(unknown.detail).toMatchObject({ reason: 'unknown_email', emailHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
        expect(JSON.stringify(unknown.detail)).not.toContain('nobody');
      } finally {
        await portal.close();
        rmSync(portalDir, { recursive: true, force: true });
        test.clock.advance(WINDOW_MS);
      }
    }, SCRYPT_HEAVY_MS);
  });

  it('an unknown email costs the same time as a known one with a wrong password', async () => {
    const user = await aUser('surgeon');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 10; i++) {
      const client = aClient();
      let t = performance.now();
      expect((await login(user.email, 'not-my-password', client)).status).toBe(401);
      known.push(performance.now() - t);
      t = performance.now();
      expect((await login(`nobody-${randomBytes(4).toString('hex')}@clinic.test`, 'not-my-password', client)).status).toBe(401);
      unknown.push(performance.now() - t);
      // Keeps the account under its limit: this measures cost, not the throttle.
      test.clock.advance(WINDOW_MS);
    }
    const ratio = median(unknown) / median(known);
    console.log(`login timing (median of 10): known email ${Math.round(median(known))} ms, unknown email ${Math.round(median(unknown))} ms, ratio ${ratio.toFixed(2)}`);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  }, SCRYPT_HEAVY_MS);

  it('refuses weak passwords with a field error on password', async () => {
    const ok = await admin.api.post('/api/users', { email: `strong-${randomBytes(3).toString('hex')}@clinic.test`, name: 'Strong', role: 'surgeon', password: 'lumbar-stenosis-walks' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ role: 'surgeon', active: true });
    expect(ok.body).not.toHaveProperty('passwordHash');
    for (const password of ['aaaaaaaaaaaa', 'short-pw', '123456789012', 'abcdefghijklm', 'qwertyuiopasdf', 'Password2024!', 'P@ssw0rd12345', 'abababababab', 'welcomewelcome']) {
      const result = await admin.api.post('/api/users', { email: `weak-${randomBytes(3).toString('hex')}@clinic.test`, name: 'Weak', role: 'surgeon', password });
      expect({ password, status: result.status, code: result.body.code, field: result.body.errors?.[0]?.field }).toEqual({
        password,
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'password',
      });
    }
  });
});

async function request(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<HttpResult> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = (response.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
  return { status: response.status, body: parsed, text, headers: response.headers };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
