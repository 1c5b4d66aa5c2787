import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, startTestApp, TestApp } from './harness';
import { aClinic, aSurgery } from './factories';
import { newSurveyToken, storeSurveyTokens } from '../src/app/invitations/survey-token';
import { SURVEY_LIMITS } from '../src/app/surveys/rate-limit.repository';

/**
 * The survey links' rate limits (issue #9): counted in PostgreSQL, so shared by every replica;
 * per link for real links and per client only for guesses, so a clinic's proxy full of patients is
 * never locked out; X-Forwarded-For believed only from a trusted proxy; and no slower with a
 * flood's worth of keys in the table.
 */
describe('survey link rate limits', () => {
  let databaseUrl: string;
  let a: TestApp;
  let b: TestApp;
  let db: Client;
  const apps: TestApp[] = [];
  let tokens: string[];

  /** A fresh window for every test: the apps' clocks move together, a minute at a time. */
  const nextWindow = (): void => {
    for (const app of apps) app.clock.advance(SURVEY_LIMITS.windowSeconds * 1000);
  };
  const start = async (env: Record<string, string> = {}): Promise<TestApp> => {
    const app = await startTestApp({ databaseUrl, env });
    app.clock.set(a?.clock.now() ?? app.clock.now());
    apps.push(app);
    return app;
  };
  const get = (app: TestApp, token: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${app.baseUrl}/api/public/surveys/${token}`, { headers });
  const guess = (): string => randomBytes(32).toString('base64url');

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    a = await start();
    b = await start();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    // One patient whose baseline is open (surgery in 20 days), reachable by 400 links.
    const enrolled = await aSurgery(await aClinic(a), { daysAgo: -20 });
    const links = Array.from({ length: 400 }, () => newSurveyToken());
    await storeSurveyTokens(db, links.map((l) => ({ invitationId: enrolled.invitations.baseline, hash: l.hash })), a.clock.now());
    tokens = links.map((l) => l.token);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await db?.end();
  });

  beforeEach(() => nextWindow());

  it('shares one link\'s limit across two app instances on one database, then answers 429 RATE_LIMITED with Retry-After', async () => {
    const token = tokens[0];
    const statuses: number[] = [];
    for (let i = 0; i < SURVEY_LIMITS.perToken; i++) statuses.push((await get(i % 2 === 0 ? a : b, token)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    for (const app of [a, b]) {
      const refused = await get(app, token);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(SURVEY_LIMITS.windowSeconds);
    }
    // Another link is not touched by this one's limit, and the next minute starts afresh.
    expect((await get(a, tokens[1])).status).toBe(200);
    nextWindow();
    expect((await get(b, token)).status).toBe(200);
  });

  it('limits distinct unknown and malformed tokens from one client, but never a real link from the same client', async () => {
    // One mistyped link tried again and again is one guess (and meets the per-link limit first).
    const mistyped = guess();
    for (let i = 0; i < 5; i++) expect((await get(i % 2 === 0 ? a : b, mistyped)).status).toBe(404);
    const statuses: number[] = [];
    for (let i = 1; i < SURVEY_LIMITS.guessesPerClient; i++) statuses.push((await get(i % 2 === 0 ? a : b, i % 5 === 0 ? `short-${i}` : guess())).status);
    expect(statuses.every((s) => s === 404)).toBe(true);
    expect((await get(a, guess())).status).toBe(429);
    expect((await get(b, 'not-a-token')).status).toBe(429);
    // The patient behind the same address (a clinic's proxy) still gets their survey.
    expect((await get(a, tokens[2])).status).toBe(200);
  });

  it('lets 300 patients with their own links through one address (a clinic proxy), none refused', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 300; i += 20) {
      const batch = tokens.slice(10 + i, 10 + i + 20);
      statuses.push(...(await Promise.all(batch.map((token, j) => get(j % 2 === 0 ? a : b, token).then((r) => r.status)))));
    }
    expect(statuses).toHaveLength(300);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('keys guesses by the socket address unless X-Forwarded-For comes from a trusted proxy', async () => {
    const untrusting = await start({ TRUST_PROXY: '10.9.9.9' }); // a proxy that is not us
    const trusting = await start({ TRUST_PROXY: '127.0.0.1' }); // we are the proxy
    const byHops = await start({ TRUST_PROXY: '1' });
    nextWindow();

    // A forged header from a peer that is not a trusted proxy changes nothing: one key, limited.
    const forged: number[] = [];
    for (let i = 0; i <= SURVEY_LIMITS.guessesPerClient; i++) {
      forged.push((await get(untrusting, guess(), { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    }
    expect(forged.slice(0, -1).every((s) => s === 404)).toBe(true);
    expect(forged.at(-1)).toBe(429);

    // From a trusted proxy, each client it names has its own key (by address list and by hop count).
    for (const app of [trusting, byHops]) {
      const perClient: number[] = [];
      for (let i = 0; i <= SURVEY_LIMITS.guessesPerClient; i++) {
        perClient.push((await get(app, guess(), { 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
      }
      expect(perClient.every((s) => s === 404)).toBe(true);
    }
    // ...and one client it names is limited like any other.
    const oneClient: number[] = [];
    for (let i = 0; i <= SURVEY_LIMITS.guessesPerClient; i++) {
      oneClient.push((await get(trusting, guess(), { 'x-forwarded-for': '192.0.2.7, 198.51.100.200' })).status);
    }
    expect(oneClient.at(-1)).toBe(429);
    // The forging client's own address (127.0.0.1) was used up above; its real link still works.
    expect((await get(untrusting, tokens[3])).status).toBe(200);
  });

  it('is no slower with 60,000 keys in the current window, and sweeps finished windows away', async () => {
    const measure = async (label: string): Promise<number> => {
      // 600 requests, 8 at a time, over links not used elsewhere (each stays under its own limit).
      const pool = tokens.slice(320, 400);
      let next = 0;
      const started = process.hrtime.bigint();
      const refused: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < 600) {
            const i = next++;
            const status = (await get(i % 2 === 0 ? a : b, pool[i % pool.length])).status;
            if (status !== 200) refused.push(status);
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rate = Math.round(600 / seconds);
      console.log(`survey GET with rate limit, ${label}: ${rate} req/s (600 requests, 8 in flight, 2 app instances)`);
      expect(refused).toEqual([]);
      return rate;
    };
    const before = await measure('keys in the window: few');

    nextWindow();
    const window = new Date(Math.floor(a.clock.now().getTime() / 60_000) * 60_000);
    // What 60,000 guessing clients (or 60,000 links) leave behind in one window.
    await db.query(
      `INSERT INTO rate_limit_counters (window_start, key, hits)
       SELECT $1, substring(sha256(int8send(g)) FROM 1 FOR 16), 1 + g % 20 FROM generate_series(1, 60000) g`,
      [window],
    );
    const after = await measure('60,000 other keys in the window');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM rate_limit_counters WHERE window_start = $1`, [window]);
    expect(rows[0].n).toBeGreaterThanOrEqual(60_000);
    console.log(`rate with 60,000 keys / rate with few: ${(after / before).toFixed(2)}x`);

    // The first request of the next window starts a sweep of the finished ones, off the request path.
    nextWindow();
    expect((await get(a, tokens[4])).status).toBe(200);
    const deadline = Date.now() + 10_000;
    let left = Infinity;
    while (left > 0 && Date.now() < deadline) {
      left = (await db.query(`SELECT count(*)::int AS n FROM rate_limit_counters WHERE window_start <= $1`, [window])).rows[0].n;
      if (left > 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toBe(0);
  });
});
