import { signIn, startTestApp, TestApp } from './harness';

/** Issue #8: every comparison names its time point and the benchmark's source beside it. */
describe('benchmark framing', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({ env: { BENCHMARK_SOURCE: 'Example study, 2-year follow-up (doi:10.0000/example)' } });
  });

  afterAll(() => test?.close());

  it('names the benchmark time point and source in the summary and the settings', async () => {
    const { api } = await signIn(test, 'surgeon');
    const summary = await api.get('/api/cohorts/summary');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      benchmarkTimepoint: '6m',
      benchmarkSource: 'Example study, 2-year follow-up (doi:10.0000/example)',
      benchmarks: { success: 0.85, satisfaction: 0.9 },
    });
    // With no evaluable case the test can say nothing, and says so with nulls rather than numbers.
    const sixMonths = summary.body.timepoints.find((t: { timepoint: string }) => t.timepoint === '6m');
    expect(sixMonths.success).toMatchObject({ n: 0, pValue: null, detectableRate: null });
    const settings = await api.get('/api/settings');
    expect(settings.body.benchmarkSource).toBe('Example study, 2-year follow-up (doi:10.0000/example)');
  });
});
