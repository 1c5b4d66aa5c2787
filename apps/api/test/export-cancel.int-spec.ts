import { Api, signIn, startTestApp, TestApp } from './harness';
import { answeredSubjects } from './factories';

/**
 * Issue #9: closing a CSV download mid-stream returned a pool client with its COPY unfinished;
 * after about ten, health, login and everything else timed out. Twenty-five cancelled downloads
 * (more than the pool's ten connections) must leave the API answering at once, with no COPY left
 * running on the server.
 */
describe('cancelled research exports', () => {
  let test: TestApp;
  let researcher: Api;
  let token: string;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-11-24T15:00:00Z' });
    const surgeonId = (await signIn(test, 'surgeon')).user.id;
    const signedIn = await signIn(test, 'researcher');
    researcher = signedIn.api;
    token = (researcher as unknown as { token: string }).token;
    // About 100,000 answered invitations: several MB of CSV, far more than socket buffers hold.
    await answeredSubjects(test.dataSource, surgeonId, 20_000, ['baseline', '2w', '6w', '3m', '6m'], 'EXP');
  }, 120_000);

  afterAll(() => test?.close());

  it('frees the connection of every download closed mid-stream', async () => {
    for (let i = 0; i < 25; i++) {
      const controller = new AbortController();
      const response = await fetch(`${test.baseUrl}/api/exports/outcomes.csv?format=long`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }

    const started = Date.now();
    const health = await new Api(test.baseUrl).get('/api/health');
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);

    // Every server-side COPY ends once its connection is gone.
    const deadline = Date.now() + 10_000;
    let running = -1;
    while (Date.now() < deadline) {
      const [{ n }] = await test.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (%' AND state = 'active'`,
      );
      running = n;
      if (running === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(running).toBe(0);

    // And a whole export still works afterwards.
    const whole = await researcher.get('/api/exports/outcomes.csv?format=long');
    expect(whole.status).toBe(200);
    expect(whole.text.trim().split('\n')).toHaveLength(100_001);
  }, 120_000);
});
