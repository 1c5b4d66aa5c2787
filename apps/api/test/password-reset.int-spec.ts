import { randomBytes } from 'node:crypto';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { UsersService } from '../src/app/users/users.service';

/** Issue #11 item 3: an admin sets a user's new password; that user's sessions end at once. */
describe('POST /api/users/:id/password', () => {
  let test: TestApp;
  let admin: Api;
  let adminId: string;

  beforeAll(async () => {
    test = await startTestApp();
    const signedIn = await signIn(test, 'admin', 'Reset Admin');
    admin = signedIn.api;
    adminId = signedIn.user.id;
  });

  afterAll(() => test?.close());

  async function aUser(role: 'surgeon' | 'admin' = 'surgeon'): Promise<{ id: string; email: string; password: string }> {
    const tag = randomBytes(4).toString('hex');
    const password = `first-${randomBytes(6).toString('hex')}`;
    const email = `user-${tag}@clinic.test`;
    const user = await test.app.get(UsersService).create(null, { email, name: `User ${tag}`, role, password });
    return { id: user.id, email, password };
  }

  const login = (email: string, password: string) => new Api(test.baseUrl).post('/api/auth/login', { email, password });

  it('the old password stops working, the new one works, and every open session ends at once', async () => {
    const user = await aUser();
    const first = new Api(test.baseUrl, (await login(user.email, user.password)).body.accessToken);
    const second = new Api(test.baseUrl, (await login(user.email, user.password)).body.accessToken);
    expect((await first.get('/api/patients')).status).toBe(200);

    const fresh = `fresh-${randomBytes(6).toString('hex')}`;
    const reset = await admin.post(`/api/users/${user.id}/password`, { password: fresh });
    expect(reset.status).toBe(204);
    expect(reset.text).toBe('');

    for (const session of [first, second]) {
      const refused = await session.get('/api/patients');
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
    }
    expect((await login(user.email, user.password)).status).toBe(401);
    const signedIn = await login(user.email, fresh);
    expect(signedIn.status).toBe(200);
    expect((await new Api(test.baseUrl, signedIn.body.accessToken).get('/api/patients')).status).toBe(200);

    // Audited as its own action, with who did it and how many sessions ended; never the password.
    const rows = await test.dataSource.query(
      `SELECT actor_id, detail, detail::text AS text FROM audit_events WHERE action = 'user.password-reset' AND entity_id = $1`,
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: adminId, detail: { passwordReset: true, sessionsEnded: 2 } });
    expect(rows[0].text).not.toContain(fresh);
    expect(rows[0].text).not.toContain(user.password);
  });

  it('refuses a password the policy refuses: 400 naming the field, and nothing changes', async () => {
    const user = await aUser();
    const session = new Api(test.baseUrl, (await login(user.email, user.password)).body.accessToken);
    const cases: [unknown, RegExp][] = [
      [{ password: 'aaaaaaaaaaaa' }, /different characters/],
      [{ password: 'short-1' }, /at least \d+ characters/],
      [{ password: 'Password2024!' }, /too common/],
      [{ password: '1234567890123' }, /run of keys/],
      [{}, /password/],
      [{ password: 12345678901234 }, /password must be text/],
    ];
    for (const [body, message] of cases) {
      const refused = await admin.post(`/api/users/${user.id}/password`, body);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password', message: expect.stringMatching(message) })]));
    }
    const extra = await admin.post(`/api/users/${user.id}/password`, { password: `ok-${randomBytes(6).toString('hex')}`, role: 'admin' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
    // None of that touched the account or its session.
    expect((await session.get('/api/patients')).status).toBe(200);
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it('is for admins only; an unknown user is 404 and a malformed id 400', async () => {
    const user = await aUser();
    const surgeon = new Api(test.baseUrl, (await login(user.email, user.password)).body.accessToken);
    const other = await aUser();
    const forbidden = await surgeon.post(`/api/users/${other.id}/password`, { password: `x-${randomBytes(8).toString('hex')}` });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    expect((await login(other.email, other.password)).status).toBe(200);

    const missing = await admin.post('/api/users/00000000-0000-4000-8000-000000000000/password', { password: `x-${randomBytes(8).toString('hex')}` });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const malformed = await admin.post('/api/users/not-a-uuid/password', { password: `x-${randomBytes(8).toString('hex')}` });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('id');
    expect((await new Api(test.baseUrl).post(`/api/users/${other.id}/password`, { password: 'whatever-123456' })).status).toBe(401);
  });

  it("an admin resetting their own password keeps the session they did it from and ends their others", async () => {
    const me = await aUser('admin');
    const here = new Api(test.baseUrl, (await login(me.email, me.password)).body.accessToken);
    const elsewhere = new Api(test.baseUrl, (await login(me.email, me.password)).body.accessToken);
    const fresh = `mine-${randomBytes(6).toString('hex')}`;
    expect((await here.post(`/api/users/${me.id}/password`, { password: fresh })).status).toBe(204);
    expect((await here.get('/api/users')).status).toBe(200);
    expect((await elsewhere.get('/api/users')).status).toBe(401);
    expect((await login(me.email, fresh)).status).toBe(200);
  });
});
