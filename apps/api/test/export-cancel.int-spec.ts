import { Api, signIn, startTestApp, TestApp } from './harness';

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
    await test.dataSource.query(
      `WITH p AS (
         INSERT INTO patients (mrn, given_name, family_name, birth_date, email, language, surgeon_id, subject_code)
         SELECT 'EXP-' || g, 'Given', 'Family', '1950-01-01', 'p' || g || '@export.test', 'en', $1, 'S-E' || g
           FROM generate_series(1, 20000) g
         RETURNING id
       ), s AS (
         INSERT INTO surgeries (patient_id, surgeon_id, procedure, surgery_date)
         SELECT id, $1, 'laminectomy', date '2026-01-05' FROM p
         RETURNING id
       ), i AS (
         INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, completed_at)
         SELECT s.id, tp, timestamptz '2026-01-01', timestamptz '2026-01-02', 'completed', timestamptz '2026-01-01 12:00'
           FROM s, unnest(ARRAY['baseline', '2w', '6w', '3m', '6m']) tp
         RETURNING id
       )
       INSERT INTO responses (invitation_id, mode, collected_at, leg_pain, back_pain, walking_distance, definition_version)
       SELECT id, 'web', timestamptz '2026-01-01 12:00', 5, 4, 2, 'success-v1+satisfied-v1' FROM i`,
      [surgeonId],
    );
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
