import { meanStat, rateStat } from '@stride/outcomes';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { seedDemoIfEmpty } from '../src/app/demo/demo-seed';
import { DEFAULT_FOLLOW_UPS } from '../src/app/invitations/invitation-plan';

type Row = Record<string, string>;

function parseCsv(text: string): Row[] {
  // The export never quotes (no commas in its values), which this test also checks.
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells).toHaveLength(columns.length);
    return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
  });
}

/** What a researcher would do with the long export alone to get back to the dashboard's numbers. */
function summaryFromCsv(rows: Row[], benchmarks: { success: number; satisfaction: number }): unknown[] {
  const baselineLeg = new Map(
    rows.filter((r) => r['timepoint'] === 'baseline' && r['leg_pain'] !== '').map((r) => [`${r['subject_id']}#${r['surgery_number']}`, Number(r['leg_pain'])]),
  );
  const baselineWalk = new Set(
    rows.filter((r) => r['timepoint'] === 'baseline' && r['walking_distance'] !== '').map((r) => `${r['subject_id']}#${r['surgery_number']}`),
  );
  return ['baseline', ...DEFAULT_FOLLOW_UPS].map((timepoint) => {
    const at = rows.filter((r) => r['timepoint'] === timepoint);
    const responded = at.filter((r) => r['status'] === 'completed');
    const postOp = timepoint !== 'baseline';
    // Contract v1.1: m = eligible - responded non-responders (withdrawn and opted-out included);
    // worst = x / (n + m), best = (x + m) / (n + m). Written out here, not taken from the library.
    const m = postOp ? at.length - responded.length : 0;
    const rate = (column: string, benchmark: number): unknown => {
      const evaluable = at.filter((r) => r[column] !== '');
      const x = evaluable.filter((r) => r[column] === '1').length;
      const n = evaluable.length;
      const stat = rateStat({ x, n, responded: n, eligible: n, benchmark });
      return { ...stat, worstCase: n + m > 0 ? x / (n + m) : null, bestCase: n + m > 0 ? (x + m) / (n + m) : null };
    };
    const legPain = responded.filter((r) => r['leg_pain'] !== '').map((r) => Number(r['leg_pain']));
    const changes = responded
      .filter((r) => timepoint !== 'baseline' && r['leg_pain'] !== '' && baselineLeg.has(`${r['subject_id']}#${r['surgery_number']}`))
      .map((r) => Number(r['leg_pain']) - (baselineLeg.get(`${r['subject_id']}#${r['surgery_number']}`) as number));
    return {
      timepoint,
      eligible: at.length,
      responded: responded.length,
      responseRate: at.length > 0 ? responded.length / at.length : null,
      success: rate('success', benchmarks.success),
      satisfaction: rate('satisfied', benchmarks.satisfaction),
      legPain: meanStat(legPain, changes),
      walkingDistance: { bins: [0, 1, 2, 3, 4].map((bin) => responded.filter((r) => r['walking_distance'] === String(bin)).length) },
      stopped: {
        withdrawn: at.filter((r) => r['stop_reason'] === 'withdrawn').length,
        optedOut: at.filter((r) => r['stop_reason'] === 'opted_out').length,
      },
      // Success v2 leaves out responders whose baseline leg pain was below 3 (with every answer v1 needs).
      notEvaluableLowBaseline: postOp
        ? responded.filter((r) => {
            const key = `${r['subject_id']}#${r['surgery_number']}`;
            return r['leg_pain'] !== '' && r['walking_distance'] !== '' && baselineWalk.has(key) && (baselineLeg.get(key) ?? 99) < 3;
          }).length
        : 0,
    };
  });
}

/** The summary less what the export cannot hold: deaths are left out of the export and of `eligible` alike. */
function exportable(timepoints: Record<string, unknown>[]): unknown[] {
  return timepoints.map(({ deceased: _deceased, ...rest }) => rest);
}

/** Deep equality with numbers compared to 1e-9. */
function expectClose(actual: unknown, expected: unknown, path = 'summary'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(actual - expected) > 1e-9) throw new Error(`${path}: ${actual} != ${expected}`);
    return;
  }
  if (expected && typeof expected === 'object') {
    expect(actual && typeof actual).toBe('object');
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual as object)]);
    for (const key of keys) expectClose((actual as Row)[key], (expected as Row)[key], `${path}.${key}`);
    return;
  }
  if (actual !== expected) throw new Error(`${path}: ${String(actual)} != ${String(expected)}`);
}

describe('reproducibility of the dashboard from the research export', () => {
  let test: TestApp;
  let researcher: Api;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-11-24T15:00:00Z' });
    await seedDemoIfEmpty(test.dataSource, test.config, test.clock.now(), () => undefined);
    researcher = (await signIn(test, 'researcher')).api;
  }, 120_000);

  afterAll(() => test?.close());

  it('recomputes every summary figure of the whole demo clinic from the long CSV', async () => {
    const [summary, csv] = await Promise.all([
      researcher.get('/api/cohorts/summary'),
      researcher.get('/api/exports/outcomes.csv?format=long'),
    ]);
    const rows = parseCsv(csv.text);
    expect(rows.length).toBeGreaterThan(1000);
    expect(summary.body.timepoints.find((t: { timepoint: string }) => t.timepoint === '6m').success.n).toBeGreaterThan(20);
    // The demo clinic has the edges: deaths left out, withdrawals and opt-outs counted as non-responders.
    const total = (pick: (t: Record<string, any>) => number): number => summary.body.timepoints.reduce((sum: number, t: Record<string, any>) => sum + pick(t), 0); // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the API
    expect(total((t) => t['deceased'])).toBeGreaterThan(0);
    expect(total((t) => t['stopped'].withdrawn)).toBeGreaterThan(0);
    expect(total((t) => t['stopped'].optedOut)).toBeGreaterThan(0);
    expect(rows.some((r) => r['status'] === 'cancelled' && r['stop_reason'] === 'withdrawn')).toBe(true);
    expect(rows.some((r) => r['stop_reason'] === 'deceased' || r['stop_reason'] === 'surgery_cancelled')).toBe(false);
    expectClose(exportable(summary.body.timepoints), summaryFromCsv(rows, summary.body.benchmarks));
  });

  it('does the same for one surgeon', async () => {
    const [{ id: surgeonId }] = await test.dataSource.query(`SELECT id FROM users WHERE role = 'surgeon' ORDER BY email LIMIT 1`);
    const [summary, csv] = await Promise.all([
      researcher.get(`/api/cohorts/summary?surgeonId=${surgeonId}`),
      researcher.get(`/api/exports/outcomes.csv?format=long&surgeonId=${surgeonId}`),
    ]);
    const rows = parseCsv(csv.text);
    expect(new Set(rows.map((r) => r['surgeon_code'])).size).toBe(1);
    expectClose(exportable(summary.body.timepoints), summaryFromCsv(rows, summary.body.benchmarks));
  });

  it('does the same for an age band, and the band holds only those ages', async () => {
    const [summary, csv] = await Promise.all([
      researcher.get('/api/cohorts/summary?ageBand=70-79'),
      researcher.get('/api/exports/outcomes.csv?format=long&ageBand=70-79'),
    ]);
    const rows = parseCsv(csv.text);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.every((r) => Number(r['age_at_surgery']) >= 70 && Number(r['age_at_surgery']) <= 79)).toBe(true);
    expectClose(exportable(summary.body.timepoints), summaryFromCsv(rows, summary.body.benchmarks));
  });

  it('names the surgeons a caller may filter by as that caller may see them', async () => {
    const options = await researcher.get('/api/cohorts/surgeons');
    expect(options.body).toHaveLength(3);
    expect(options.body.every((o: { label: string }) => /^SG-/.test(o.label))).toBe(true);
  });

  it('gives one funnel point per surgeon whose counts add up to the clinic', async () => {
    const [funnel, summary] = await Promise.all([
      researcher.get('/api/cohorts/funnel?timepoint=6m&measure=success'),
      researcher.get('/api/cohorts/summary'),
    ]);
    expect(funnel.status).toBe(200);
    // Three surgeons are too few to estimate phi (Funnel v2): exact binomial limits, phi null.
    expect(funnel.body).toMatchObject({ timepoint: '6m', measure: 'success', p0: 0.85, definition: { version: 'v2' } });
    expect(funnel.body).toMatchObject({ k: 3, phi: null, tau2: 0, method: 'exact-binomial' });
    expect(funnel.body).not.toHaveProperty('suppressed');
    expect(funnel.body.points).toHaveLength(3);
    const clinic = summary.body.timepoints.find((t: { timepoint: string }) => t.timepoint === '6m').success;
    const sum = (key: 'x' | 'n'): number => funnel.body.points.reduce((total: number, p: Record<string, number>) => total + p[key], 0);
    expect([sum('x'), sum('n')]).toEqual([clinic.x, clinic.n]);
    for (const point of funnel.body.points) {
      expect(point.lower998).toBeLessThanOrEqual(point.lower95);
      expect(point.lower95).toBeLessThan(0.85);
      expect(point.upper95).toBeGreaterThan(0.85);
      expect(point.label).toMatch(/^SG-/);
    }
  });

  it('shows a surgeon their own funnel point and their peers unnamed', async () => {
    const surgeon = (await signIn(test, 'surgeon')).api;
    const funnel = await surgeon.get('/api/cohorts/funnel?timepoint=6m&measure=satisfaction');
    expect(funnel.status).toBe(200);
    const mine = funnel.body.points.filter((p: { isCaller: boolean }) => p.isCaller);
    expect(mine).toHaveLength(1);
    expect(mine[0].label).toBe('You');
    expect(mine[0]).toMatchObject({ n: 0, rate: null, flagged: false });
    // The demo's three surgeons each have well over 10 cases at 6 months: none is left out.
    expect(funnel.body).toMatchObject({ k: 3, suppressed: 0 });
    const others = funnel.body.points.filter((p: { isCaller: boolean }) => !p.isCaller);
    expect(others.map((p: { label: string }) => p.label)).toEqual(['Surgeon 1', 'Surgeon 2', 'Surgeon 3']);
    expect(others.every((p: { surgeonId: string | null; n: number }) => p.surgeonId === null && p.n >= 10)).toBe(true);
  });
});
