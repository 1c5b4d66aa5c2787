import { Writable } from 'node:stream';
import { Api, startTestApp, TestApp } from './harness';
import { aClinic, aSurgery, answersFor } from './factories';
import { createLogger } from '../src/app/logging/logger';
import { newSurveyToken, storeSurveyTokens } from '../src/app/invitations/survey-token';
import { UsersService } from '../src/app/users/users.service';

interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  req?: { method: string; path: string };
  res?: { statusCode: number };
}

/** What the app writes to stdout, line by line, as a log collector would read it. */
class CapturedLog extends Writable {
  raw = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.raw += chunk.toString();
    done();
  }
  lines(): string[] {
    return this.raw.split('\n').filter((line) => line !== '');
  }
  since(mark: number): string[] {
    return this.lines().slice(mark);
  }
}

/**
 * Logs are JSON lines with a request id, and never hold a secret or PHI: no survey token, no
 * password, no bearer token, no patient name from a search, no request body.
 */
describe('structured logs', () => {
  let test: TestApp;
  const log = new CapturedLog();

  beforeAll(async () => {
    test = await startTestApp({ logger: createLogger('info', log) });
  });

  afterAll(async () => {
    await test?.close();
  });

  const parsed = (lines: string[]): LogLine[] => lines.map((line) => JSON.parse(line) as LogLine);

  it("a survey's requests log the route with :token, never the token or the answers, each line JSON with a request id", async () => {
    const enrolled = await aSurgery(await aClinic(test), { daysAgo: 15 });
    const link = newSurveyToken();
    await storeSurveyTokens(test.dataSource, [{ invitationId: enrolled.invitations['2w'], hash: link.hash }], test.clock.now());
    const patient = new Api(test.baseUrl);
    const mark = log.lines().length;

    expect((await patient.get(`/api/public/surveys/${link.token}`)).status).toBe(200);
    expect((await patient.post(`/api/public/surveys/${link.token}/opened`)).status).toBeLessThan(300);
    const answers = answersFor('2w');
    expect((await patient.put(`/api/public/surveys/${link.token}/answers`, { answers: { legPain: 7 } })).status).toBeLessThan(300);
    expect((await patient.post(`/api/public/surveys/${link.token}/responses`, { answers })).status).toBeLessThan(300);
    expect((await patient.get(`/s/${link.token}?lang=es`)).status).toBe(404); // no portal in this app: still a logged request

    const lines = log.since(mark);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.filter((line) => line.includes(link.token))).toEqual([]);
    expect(lines.filter((line) => /"answers"|legPain/.test(line))).toEqual([]);
    const entries = parsed(lines);
    expect(entries.filter((e) => typeof e.requestId !== 'string' || e.requestId.length < 8)).toEqual([]);
    const paths = entries.filter((e) => e.req).map((e) => `${e.req?.method} ${e.req?.path} ${e.res?.statusCode}`);
    expect(paths).toEqual([
      'GET /api/public/surveys/:token 200',
      'POST /api/public/surveys/:token/opened 204',
      'PUT /api/public/surveys/:token/answers 204',
      'POST /api/public/surveys/:token/responses 201',
      'GET /s/:token 404',
    ]);
  });

  it("a login's logs hold neither the password nor the bearer token, nor a searched name", async () => {
    const password = 'correct-horse-battery-staple-42';
    const email = `logger-${Date.now()}@clinic.test`;
    await test.app.get(UsersService).create(null, { email, name: 'Log Admin', role: 'admin', password });
    const mark = log.lines().length;

    const login = await new Api(test.baseUrl).post('/api/auth/login', { email, password });
    expect(login.status).toBe(200);
    const token: string = login.body.accessToken;
    const admin = new Api(test.baseUrl, token);
    expect((await admin.get('/api/patients?search=Okafor')).status).toBe(200);
    expect((await new Api(test.baseUrl).post('/api/auth/login', { email, password: 'wrong-password-wrong' })).status).toBe(401);
    expect((await new Api(test.baseUrl, `${token}x`).get('/api/patients')).status).toBe(401);

    const lines = log.since(mark);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const secret of [password, 'wrong-password-wrong', token, token.split('.')[2], 'Okafor', email, 'Bearer']) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
    const entries = parsed(lines);
    expect(entries.filter((e) => typeof e.requestId !== 'string')).toEqual([]);
    expect(entries.filter((e) => e.req).map((e) => `${e.req?.method} ${e.req?.path} ${e.res?.statusCode}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/login 200', 'GET /api/patients 200', 'POST /api/auth/login 401', 'GET /api/patients 401']),
    );
  });

  it('answers with the request id: an incoming well-formed X-Request-Id is kept, anything else replaced', async () => {
    const mark = log.lines().length;
    const kept = await fetch(`${test.baseUrl}/api/health`, { headers: { 'x-request-id': 'lb-7f3a9c21-trace' } });
    const replaced = await fetch(`${test.baseUrl}/api/settings`, { headers: { 'x-request-id': '{"level":"fatal"} forged' } });
    const generated = await fetch(`${test.baseUrl}/api/settings`);

    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a9c21-trace');
    const ids = [replaced.headers.get('x-request-id'), generated.headers.get('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
    const logged = parsed(log.since(mark)).map((e) => e.requestId);
    expect(logged).toEqual(expect.arrayContaining(ids)); // the settings lines are at info level
    expect(log.since(mark).filter((line) => line.includes('forged'))).toEqual([]);
  });
});
