import fc from 'fast-check';
import { createHash, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { SESSION_TTL_SECONDS, SessionsRepository } from '../src/app/auth/sessions.repository';
import { ERROR_CODES } from '@stride/contracts';
import { Api, startTestApp, TestApp } from './harness';
import { discoverRoutes, DiscoveredRoute } from './fuzz-routes';

/**
 * Issue #9 item 4: thousands of generated malformed requests across every route the app serves and
 * every kind of caller. Whatever arrives, the answer is a 4xx with a stable code (field errors for
 * VALIDATION_FAILED), or a 2xx when the input happens to be valid; never a 5xx. A refused request
 * changes no stored data.
 *
 * Seeded and never shrunk (fast-check's `sample`): a failure is reported at once, reproducibly, as
 * a list of every request that failed, and the run cannot wander off shrinking in CI.
 */
const RUNS = 5000;
const SEED = 20261207;
const ROLES = ['anonymous', 'admin', 'surgeon', 'researcher', 'survey-token'] as const;
type FuzzRole = (typeof ROLES)[number];

/** Tables a refused request may legitimately write: the audit trail, sessions, throttles. */
const WRITTEN_BY_REFUSALS = new Set(['audit_events', 'audit_chain_head', 'sessions', 'login_failures', 'rate_limit_counters', 'migrations']);

interface FuzzRequest {
  role: FuzzRole;
  route: DiscoveredRoute;
  method: string;
  url: string;
  contentType: string | null;
  payload: string | Buffer | undefined;
  remoteAddress: string;
}

interface Pools {
  tokens: Record<Exclude<FuzzRole, 'anonymous'>, string>;
  ids: Record<string, string[]>;
  surgeonId: string;
}

// ---------- values ----------

const NASTY_CHARS = ['\u0000', '\uD800', '\uDFFF', '\u202E', '\u001b[2J', '\uFEFF', '\uFFFF', '%', "'", '"', '\\', '\n', '€', '😀'];
const nastyString = fc.string({
  unit: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY_CHARS) }, { weight: 5, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
  maxLength: 40,
});
const DATES = ['0000-01-01', '0000-00-00', '9999-12-31', '2026-02-30', '2026-13-01', '1899-12-31', '2026-06-01', '1950-01-01', '+275760-09-13',
  '2026-1-1', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-05-01T00:00:00+25:00', '1970-01-01', '-000001-01-01'];
const BAD_UUIDS = ['1', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', "' OR 1=1 --",
  '00000000-0000-4000-8000-00000000000', 'ZZZZZZZZ-0000-4000-8000-000000000000', '%00', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(300), '-1', '1e309'];
const PLAUSIBLE = ['en', 'es', 'fr', 'laminectomy', 'endoscopic_decompression', 'other', 'cancelled', 'scheduled', 'paper', 'phone', 'clinic', 'web',
  'admin', 'surgeon', 'researcher', 'withdrawn', 'deceased', 'opted_out', 'active', 'email', 'sms', 'long', 'wide', 'success', 'satisfaction',
  '6m', '2w', 'baseline', 'Ann', 'a@example.org', '+15551234567', 'MRN-FUZZ', 'patient.read', 'reached'];

function valueArb(pools: Pools): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    { weight: 4, arbitrary: nastyString },
    { weight: 3, arbitrary: fc.constantFrom(...DATES) },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_UUIDS, pools.surgeonId, ...Object.values(pools.ids).flat()) },
    { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE) },
    { weight: 2, arbitrary: fc.integer({ min: -20, max: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.5, 1e-320, Number.MAX_SAFE_INTEGER) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(70_000), ' '.repeat(5000), '\u0000'.repeat(100)) },
  );
  const answers = fc.dictionary(fc.constantFrom('legPain', 'backPain', 'walkingDistance', 'satisfaction', 'mood', '__proto__', 'constructor'), leaf, { maxKeys: 5 });
  return fc.oneof({ weight: 8, arbitrary: leaf }, { weight: 2, arbitrary: answers }, { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) });
}

function deep(depth: number, open: string, close: string, inner: string): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

const RAW_BODIES = ['{', '{"a":', '[', 'nul', '{"a":1}garbage', '{"a":1,}', "{'a':1}", '{"a":"\\ud800"}', '{"a":"\\u0000"}', '""', '0', '-',
  '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', 'NaN', '1e999', deep(9, '{"a":', '}', '1'), deep(200, '[', ']', '1'),
  deep(5000, '{"a":', '}', '1'), deep(20, '{"answers":', '}', '{}')];

function bodyArb(route: DiscoveredRoute, pools: Pools): fc.Arbitrary<string | Buffer | undefined> {
  const fields = route.bodyFields.length > 0 ? route.bodyFields : ['body'];
  const dtoBody = fc
    .tuple(
      fc.dictionary(fc.constantFrom(...fields), valueArb(pools), { maxKeys: fields.length }),
      fc.dictionary(fc.oneof(fc.constantFrom('extra', 'id', 'role', 'isAdmin', '__proto__', 'createdAt'), nastyString), valueArb(pools), { maxKeys: 2 }),
      fc.boolean(),
    )
    .map(([own, extra, withExtra]) => JSON.stringify(withExtra ? { ...own, ...extra } : own));
  return fc.oneof(
    { weight: 10, arbitrary: dtoBody },
    { weight: 3, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bytes), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')])) },
    { weight: 1, arbitrary: fc.constantFrom(`{"a":"${'x'.repeat(300 * 1024)}"}`, undefined) },
  );
}

function paramArb(route: DiscoveredRoute, name: string, pools: Pools): fc.Arbitrary<string> {
  const real = name === 'token' ? [pools.tokens['survey-token']] : (pools.ids[route.area] ?? Object.values(pools.ids).flat());
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...real) },
    { weight: 4, arbitrary: fc.constantFrom(...BAD_UUIDS.map(encodeURIComponent), 'A'.repeat(43), 'a%ZZ', '%C0%AF', '%ED%A0%80', '%F0%9F%98%80') },
    { weight: 2, arbitrary: fc.uuid().map((u) => u) },
    { weight: 1, arbitrary: nastyString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, 'x')) || 'x') },
  );
}

function queryArb(route: DiscoveredRoute, pools: Pools): fc.Arbitrary<string> {
  const names = [...route.queryFields, 'page', 'search', 'extra', 'surgeryFrom', 'format'];
  const pair = fc
    .tuple(fc.constantFrom(...names), valueArb(pools))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v.replace(/[\uD800-\uDFFF]/g, '') : JSON.stringify(v) ?? '')}`);
  const raw = fc.constantFrom('page=1&page=2', 'page[a]=1', 'search=%00', 'search=%ZZ', 'surgeryFrom=0000-01-01', 'surgeryTo=9999-12-31',
    'page=-1', 'page=1e309', 'page=0x10', `search=${'s'.repeat(5000)}`, 'timepoint=baseline', 'measure=__proto__', '__proto__[x]=1', 'format=long');
  return fc.array(fc.oneof(pair, raw), { maxLength: 4 }).map((parts) => (parts.length > 0 ? `?${parts.join('&')}` : ''));
}

function requestArb(routes: DiscoveredRoute[], pools: Pools): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...routes).chain((route) =>
    fc
      .record({
        role: fc.constantFrom(...ROLES),
        params: fc.tuple(...route.pathParams.map((p) => paramArb(route, p, pools)), fc.constant('')),
        query: queryArb(route, pools),
        body: route.method === 'GET' ? fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: bodyArb(route, pools) }) : bodyArb(route, pools),
        contentType: fc.oneof(
          { weight: 12, arbitrary: fc.constant('application/json') },
          { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'text/csv', 'application/xml') },
          { weight: 1, arbitrary: fc.constant(null) },
        ),
        wrongMethod: fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('DELETE', 'OPTIONS', 'PUT', 'TRACE') }),
        remoteAddress: fc.ipV4(),
      })
      .map(({ role, params, query, body, contentType, wrongMethod, remoteAddress }) => {
        let i = 0;
        const path = route.path.replace(/:([A-Za-z]+)/g, () => params[i++]);
        return { role, route, method: wrongMethod ?? route.method, url: path + query, contentType, payload: body, remoteAddress };
      }),
  );
}

// ---------- checks ----------

function problemWith(status: number, contentType: string, text: string): string | null {
  if (status >= 500) return `status ${status}`;
  if (status < 400) return null;
  if (!contentType.includes('application/json')) return `a ${status} that is not JSON (${contentType})`;
  let body: { statusCode?: unknown; code?: unknown; errors?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    return `a ${status} with a body that does not parse`;
  }
  if (body.statusCode !== status) return `statusCode ${String(body.statusCode)} in a ${status}`;
  if (!(ERROR_CODES as readonly unknown[]).includes(body.code)) return `no stable code (${String(body.code)})`;
  if (status === 400 && body.code === 'VALIDATION_FAILED') {
    const errors = body.errors as { field?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(errors) || errors.length === 0) return 'VALIDATION_FAILED without field errors';
    if (!errors.every((e) => typeof e.field === 'string' && typeof e.message === 'string')) return 'field errors without field and message';
  }
  if (/\.ts:\d|\.js:\d|node_modules|QueryFailed|at [A-Za-z]+ \(/.test(text)) return 'a stack trace or driver error in the body';
  return null;
}

describe('fuzz: malformed requests on every route and role', () => {
  let test: TestApp;
  let pools: Pools;
  let routes: DiscoveredRoute[];
  let tableList: string[];
  const users: Record<string, string> = {};

  /** A new session for a user whose token a fuzzed logout ended, as login makes one, without the scrypt. */
  async function openSession(userId: string): Promise<string> {
    const jwt = test.app.get(JwtService);
    const sid = randomUUID();
    const token = await jwt.signAsync({ sub: userId, sid }, { expiresIn: SESSION_TTL_SECONDS });
    const { iat, exp } = jwt.decode<{ iat: number; exp: number }>(token);
    await test.app.get(SessionsRepository).open({ id: sid, userId, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) });
    return token;
  }

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-05-04T16:00:00Z' });
    routes = discoverRoutes(test.app);
    // Accounts straight in SQL with an unusable hash and sessions minted as login mints them: the
    // fuzz needs callers, not a dozen scrypt runs (each near a second on a busy machine).
    const account = async (role: string): Promise<string> => {
      const tag = randomUUID().slice(0, 8);
      const [{ id }] = await test.dataSource.query(
        `INSERT INTO users (email, name, role, password_hash, surgeon_code) VALUES ($1, $2, $3, 'unusable', $4) RETURNING id`,
        [`fuzz-${role}-${tag}@clinic.test`, `Fuzz ${role} ${tag}`, role, `SGFZ${tag.slice(0, 4)}`],
      );
      return id;
    };
    const tokens: Partial<Pools['tokens']> = {};
    for (const role of ['admin', 'surgeon', 'researcher'] as const) {
      users[role] = await account(role);
      tokens[role] = await openSession(users[role]);
    }
    const admin = new Api(test.baseUrl, tokens.admin);
    const surgeonId = users['surgeon'];
    const patients: string[] = [];
    const surgeries: string[] = [];
    const invitations: string[] = [];
    const links: string[] = [];
    for (const n of [1, 2, 3]) {
      const patient = await admin.post('/api/patients', {
        mrn: `FUZZ-${n}`, givenName: 'Fuzz', familyName: `Patient ${n}`, birthDate: '1950-01-01', email: `fuzz${n}@example.org`, language: 'en', surgeonId,
      });
      const surgery = await admin.post(`/api/patients/${patient.body.id}/surgeries`, { procedure: 'laminectomy', surgeryDate: '2026-06-01' });
      patients.push(patient.body.id);
      surgeries.push(surgery.body.id);
      invitations.push(...surgery.body.invitations.map((i: { id: string }) => i.id));
      links.push((await admin.post(`/api/invitations/${surgery.body.invitations[0].id}/link`)).body.url.split('/s/')[1]);
    }
    // Users the fuzz may edit: never the callers' own accounts, so their sessions hold.
    const victims = [await account('surgeon'), await account('researcher')];
    tokens['survey-token'] = links[0];
    pools = {
      tokens: tokens as Pools['tokens'],
      surgeonId,
      ids: { patients, surgeries, invitations, users: victims, admin: [...patients, ...victims] },
    };
    tableList = (
      await test.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)
    ).map((r: { table_name: string }) => r.table_name).filter((t: string) => !WRITTEN_BY_REFUSALS.has(t));
    await watchWrites();
  });

  afterAll(() => test?.close());

  /**
   * What a refused request must not change: every committed row written to a domain table. A row
   * trigger (installed in this test's own database only) counts inserts, updates and deletes per
   * table in a table of its own, so each request costs one small read, and a write that is rolled
   * back counts for nothing, as it should. The trigger runs as its owner (this test), since the app's
   * own role may write nothing but its tables.
   */
  async function watchWrites(): Promise<void> {
    await test.dataSource.query(`CREATE TABLE fuzz_writes (table_name text PRIMARY KEY, n bigint NOT NULL)`);
    await test.dataSource.query(`
      CREATE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      BEGIN
        INSERT INTO fuzz_writes VALUES (TG_TABLE_NAME, 1) ON CONFLICT (table_name) DO UPDATE SET n = fuzz_writes.n + 1;
        RETURN NULL;
      END $$`);
    for (const table of tableList) {
      await test.dataSource.query(`CREATE TRIGGER fuzz_write AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION fuzz_count_write()`);
      await test.dataSource.query(`CREATE TRIGGER fuzz_truncate AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION fuzz_count_write()`);
    }
  }

  async function writes(): Promise<Record<string, number>> {
    const rows = (await test.dataSource.query(`SELECT table_name, n FROM fuzz_writes`)) as { table_name: string; n: string }[];
    return Object.fromEntries(rows.map((r) => [r.table_name, Number(r.n)]));
  }

  /** Row counts and a hash of every row of every domain table, to show the counter misses nothing. */
  async function snapshot(): Promise<string> {
    const sql = tableList
      .map((t) => `SELECT '${t}' AS t, count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`)
      .join(' UNION ALL ');
    const rows = (await test.dataSource.query(sql)) as { t: string; n: string; h: string }[];
    return createHash('sha256').update(rows.map((r) => `${r.t}:${r.n}:${r.h}`).join(',')).digest('hex');
  }

  it('finds every route of the app, public and auth included', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(expect.arrayContaining([
      'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/public/surveys/:token', 'PUT /api/public/surveys/:token/answers',
      'POST /api/patients', 'GET /api/admin/audit', 'GET /api/exports/outcomes.csv', 'PATCH /api/users/:id',
    ]));
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(routes.find((r) => r.path === '/api/patients' && r.method === 'POST')?.bodyFields).toEqual(expect.arrayContaining(['mrn', 'birthDate', 'surgeonId']));
    expect(routes.find((r) => r.path === '/api/admin/audit')?.queryFields).toEqual(expect.arrayContaining(['action', 'actor']));
  });

  it(`answers ${RUNS} generated malformed requests with a 4xx and a stable code, never a 5xx, and changes nothing it refuses`, async () => {
    const fastify = test.app.getHttpAdapter().getInstance();
    const requests = fc.sample(requestArb(routes, pools), { seed: SEED, numRuns: RUNS });
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    const seenRoles = new Set<string>();
    const seenRoutes = new Set<string>();
    const hashAtStart = await snapshot();
    let before = await writes();
    let accepted = 0;
    const started = Date.now();
    for (const [n, request] of requests.entries()) {
      // Survey links and logins are rate limited per minute: a minute passes every 40 requests.
      if (n % 40 === 39) test.clock.advance(61_000);
      const headers: Record<string, string> = {};
      if (request.contentType && request.payload !== undefined) headers['content-type'] = request.contentType;
      if (request.role !== 'anonymous' && !(request.role === 'survey-token' && request.route.area === 'public')) {
        headers['authorization'] = `Bearer ${pools.tokens[request.role]}`;
      }
      const response = await fastify.inject({
        method: request.method as 'GET',
        url: request.url,
        headers,
        payload: request.payload,
        remoteAddress: request.remoteAddress,
      });
      seenRoles.add(request.role);
      seenRoutes.add(`${request.route.method} ${request.route.path}`);
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      const describe = () =>
        `#${n} ${request.role} ${request.method} ${request.url.slice(0, 160)} ${String(request.payload ?? '').slice(0, 200)}`;
      const problem = problemWith(response.statusCode, String(response.headers['content-type'] ?? ''), response.body);
      if (problem) failures.push(`${describe()} -> ${problem}: ${response.body.slice(0, 300)}`);
      const after = await writes();
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      if (changed.length > 0 && (response.statusCode < 200 || response.statusCode >= 300)) {
        failures.push(`${describe()} -> a refused request (${response.statusCode}) wrote to ${changed.join(', ')}`);
      }
      if (changed.length > 0) accepted += 1;
      before = after;
      // A logout that went through ended that role's session: sign in again so the role stays covered.
      if (request.route.path === '/api/auth/logout' && response.statusCode === 204 && request.role !== 'anonymous' && request.role !== 'survey-token') {
        pools.tokens[request.role] = await openSession(users[request.role]);
        before = await writes();
      }
    }
    console.log(`fuzz: ${requests.length} requests over ${seenRoutes.size} routes and ${seenRoles.size} roles in ${Date.now() - started} ms; statuses ${JSON.stringify(statuses)}`);
    expect(failures).toEqual([]);
    // The counter misses nothing: with no accepted write, every row is as it was.
    if (accepted === 0) expect(await snapshot()).toBe(hashAtStart);
    else expect(await snapshot()).not.toBe(hashAtStart);
    expect(seenRoutes.size).toBe(routes.length);
    expect([...seenRoles].sort()).toEqual([...ROLES].sort());
    expect(Object.keys(statuses).filter((s) => Number(s) >= 500)).toEqual([]);
  }, 600_000);
});
