import { signIn, startTestApp, TestApp, Api } from './harness';
import { seedDemoIfEmpty } from '../src/app/demo/demo-seed';

// Issue #8: every dashboard and funnel figure of the demo clinic recomputed from the raw answers of
// the long export alone. Nothing here comes from libs/outcomes or the stored success flags: the
// success v2 rule, the Wilson and Clopper-Pearson intervals, the exact binomial tail, the rate a
// shortfall test would detect, the t intervals of the means (Student's density integrated
// numerically) and the funnel's exact limits are written out again below, from their published
// definitions.

type Row = Record<string, string>;
const Z95 = 1.959963984540054;

function parse(text: string): Row[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}

const num = (cell: string | undefined): number | null => (cell === undefined || cell === '' ? null : Number(cell));

/** Success v2 from the answers: v1 (>= 2 points and >= 30% less leg pain, walking up a bin or staying at 4) with baseline leg pain >= 3. */
function successV2(base: Row | undefined, row: Row): boolean | null {
  const before = num(base?.['leg_pain']);
  const walkBefore = num(base?.['walking_distance']);
  const after = num(row['leg_pain']);
  const walkAfter = num(row['walking_distance']);
  if (before === null || walkBefore === null || after === null || walkAfter === null) return null;
  if (before < 3) return null;
  const drop = before - after;
  return drop >= 2 && 10 * drop >= 3 * before && (walkAfter - walkBefore >= 1 || (walkBefore === 4 && walkAfter === 4));
}

/** Wilson (1927) score interval. */
function wilson(x: number, n: number): [number, number] {
  const z2 = Z95 * Z95;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (Z95 * Math.sqrt((x * (n - x)) / n + z2 / 4)) / (n + z2);
  return [centre - half, centre + half];
}

/** The Binomial(n, p) CDF at every k, summed from pmfs built in log space. */
function binomialCdf(n: number, p: number): number[] {
  const cdf: number[] = [];
  let logPmf = n * Math.log(1 - p);
  let total = 0;
  for (let k = 0; k <= n; k++) {
    total += Math.exp(logPmf);
    cdf.push(Math.min(1, total));
    logPmf += Math.log(n - k) - Math.log(k + 1) + Math.log(p) - Math.log(1 - p);
  }
  return cdf;
}

/** Spiegelhalter (2005) exact limit at level P, interpolated. */
function exactLimit(n: number, p0: number, level: number): number {
  const cdf = binomialCdf(n, p0);
  const r = cdf.findIndex((f) => f >= level);
  const below = r === 0 ? 0 : cdf[r - 1];
  const a = (cdf[r] - level) / (cdf[r] - below);
  return Math.min(1, Math.max(0, (r - a) / n));
}

/** Gamma((df + 1) / 2) / Gamma(df / 2) for a whole df, by Gamma(z + 1) = z Gamma(z) from df = 1 and 2. */
function gammaRatio(df: number): number {
  let ratio = df % 2 === 1 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
  for (let k = df % 2 === 1 ? 1 : 2; k < df; k += 2) ratio *= (k + 1) / k;
  return ratio;
}

/** Student's t 97.5% quantile: the density integrated by Simpson's rule, then bisection. */
function tQuantile975(df: number): number {
  const logC = Math.log(gammaRatio(df)) - 0.5 * Math.log(df * Math.PI);
  const density = (x: number): number => Math.exp(logC - ((df + 1) / 2) * Math.log(1 + (x * x) / df));
  const cdf = (t: number): number => {
    const steps = 4000;
    const h = t / steps;
    let sum = density(0) + density(t);
    for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * density(i * h);
    return 0.5 + (sum * h) / 3;
  };
  let lo = 0;
  let hi = 20;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < 0.975) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Mean with its t 95% interval (the sample standard deviation, n - 1 degrees of freedom). */
function meanCi(values: number[]): { mean: number | null; ci95: [number, number] | null } {
  const n = values.length;
  if (n === 0) return { mean: null, ci95: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: null };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  return { mean, ci95: [mean - half, mean + half] };
}

/** The p in (0, 1) where a falling function of p crosses the target, by bisection. */
function solveFalling(f: (p: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Clopper-Pearson (1934): the p at which each one-sided exact tail is 2.5%. */
function clopperPearson(x: number, n: number): [number, number] {
  const lower = x === 0 ? 0 : solveFalling((p) => binomialCdf(n, p)[x - 1], 0.975);
  const upper = x === n ? 1 : solveFalling((p) => binomialCdf(n, p)[x], 0.025);
  return [lower, upper];
}

/**
 * The true rate below which a shortfall would be detected 80% of the time: c is the largest count
 * the one-sided exact test at 5% calls a shortfall, and the rate is where P(X <= c) = 0.8.
 */
function detectableRate(n: number, p0: number): number | null {
  const cdf0 = binomialCdf(n, p0);
  let c = -1;
  while (c + 1 <= n && cdf0[c + 1] <= 0.05) c++;
  if (c < 0) return null;
  return solveFalling((p) => binomialCdf(n, p)[c], 0.8);
}

function close(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || Math.abs(actual - expected) > 1e-9) throw new Error(`${path}: API ${String(actual)}, export ${expected}`);
  } else if (Array.isArray(expected)) {
    expected.forEach((value, i) => close((actual as unknown[] | null)?.[i], value, `${path}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) close((actual as Record<string, unknown>)?.[key], value, `${path}.${key}`);
  } else if (actual !== expected) {
    throw new Error(`${path}: API ${String(actual)}, export ${String(expected)}`);
  }
}

function rateFigures(flags: (boolean | null)[], eligible: number, responded: number, benchmark: number): Record<string, unknown> {
  const evaluable = flags.filter((f): f is boolean => f !== null);
  const n = evaluable.length;
  const x = evaluable.filter(Boolean).length;
  const m = eligible - responded;
  if (n === 0) return { x, n, rate: null, ci95: null, pValue: null };
  return {
    x,
    n,
    rate: x / n,
    ci95: wilson(x, n),
    ci95Exact: clopperPearson(x, n),
    pValue: binomialCdf(n, benchmark)[x],
    detectableRate: detectableRate(n, benchmark),
    worstCase: x / (n + m),
    bestCase: (x + m) / (n + m),
    insufficient: n < 20,
  };
}

function summaryFromExport(rows: Row[], timepoints: string[], benchmarks: { success: number; satisfaction: number }): Record<string, unknown>[] {
  const key = (r: Row): string => `${r['subject_id']}#${r['surgery_number']}`;
  const baselines = new Map(rows.filter((r) => r['timepoint'] === 'baseline' && r['status'] === 'completed').map((r) => [key(r), r]));
  return timepoints.map((timepoint) => {
    const at = rows.filter((r) => r['timepoint'] === timepoint);
    const answered = at.filter((r) => r['status'] === 'completed');
    const postOp = timepoint !== 'baseline';
    const success = postOp ? answered.map((r) => successV2(baselines.get(key(r)), r)) : [];
    const satisfied = postOp ? answered.map((r) => (num(r['satisfaction']) === null ? null : (num(r['satisfaction']) as number) >= 4)) : [];
    const legs = answered.map((r) => num(r['leg_pain'])).filter((v): v is number => v !== null);
    const changes = postOp
      ? answered.flatMap((r) => {
          const before = num(baselines.get(key(r))?.['leg_pain']);
          const after = num(r['leg_pain']);
          return before === null || after === null ? [] : [after - before];
        })
      : [];
    const mean = (values: number[]): number | null => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
    // Evaluable but for the baseline below 3: every answer success needs is there.
    const lowBaseline = postOp
      ? answered.filter((r) => {
          const base = baselines.get(key(r));
          return num(base?.['leg_pain']) !== null && (num(base?.['leg_pain']) as number) < 3 && num(base?.['walking_distance']) !== null && num(r['leg_pain']) !== null && num(r['walking_distance']) !== null;
        }).length
      : 0;
    return {
      timepoint,
      eligible: at.length,
      responded: answered.length,
      responseRate: at.length ? answered.length / at.length : null,
      success: rateFigures(success, at.length, answered.length, benchmarks.success),
      satisfaction: rateFigures(satisfied, at.length, answered.length, benchmarks.satisfaction),
      legPain: { mean: mean(legs), ci95: meanCi(legs).ci95, meanChange: mean(changes), changeCi95: meanCi(changes).ci95 },
      walkingDistance: { bins: [0, 1, 2, 3, 4].map((bin) => answered.filter((r) => num(r['walking_distance']) === bin).length) },
      stopped: { withdrawn: at.filter((r) => r['stop_reason'] === 'withdrawn').length, optedOut: at.filter((r) => r['stop_reason'] === 'opted_out').length },
      notEvaluableLowBaseline: lowBaseline,
    };
  });
}

describe('reproducibility from the raw answers of the long export, written independently', () => {
  let test: TestApp;
  let researcher: Api;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-11-24T15:00:00Z' });
    await seedDemoIfEmpty(test.dataSource, test.config, test.clock.now(), () => undefined);
    researcher = (await signIn(test, 'researcher')).api;
  }, 180_000);
  afterAll(() => test?.close());

  it('has the edges: low baselines, withdrawals, opt-outs, deaths left out, late paper baselines', async () => {
    const rows = parse((await researcher.get('/api/exports/outcomes.csv?format=long')).text);
    const summary = (await researcher.get('/api/cohorts/summary')).body;
    expect(rows.some((r) => r['timepoint'] === 'baseline' && num(r['leg_pain']) !== null && (num(r['leg_pain']) as number) < 3)).toBe(true);
    expect(rows.some((r) => r['stop_reason'] === 'withdrawn')).toBe(true);
    expect(rows.some((r) => r['stop_reason'] === 'opted_out')).toBe(true);
    expect(summary.timepoints.some((t: { deceased: number }) => t.deceased > 0)).toBe(true);
    // A paper baseline collected before surgery and entered after it.
    expect(rows.some((r) => r['timepoint'] === 'baseline' && r['mode'] === 'paper' && Number(r['days_from_surgery']) < 0 && Number(r['completed_days_from_surgery']) > 0)).toBe(true);
  });

  it.each([
    ['the whole clinic', ''],
    ['an age band', 'ageBand=70-79'],
    ['a procedure', 'procedure=laminectomy'],
  ])('recomputes every summary figure for %s', async (_label, query) => {
    const [summary, csv] = await Promise.all([researcher.get(`/api/cohorts/summary?${query}`), researcher.get(`/api/exports/outcomes.csv?format=long&${query}`)]);
    const rows = parse(csv.text);
    expect(summary.body.definitions.success.version).toBe('v2');
    const timepoints = summary.body.timepoints.map((t: { timepoint: string }) => t.timepoint);
    const expected = summaryFromExport(rows, timepoints, summary.body.benchmarks);
    expected.forEach((figures, i) => close(summary.body.timepoints[i], figures, `summary.${timepoints[i]}`));
    const benchmark = expected.find((t) => t['timepoint'] === summary.body.benchmarkTimepoint) as { success: { n: number } };
    expect(benchmark.success.n).toBeGreaterThan(0);
  });

  it('recomputes every funnel point from the export, by surgeon pseudonym', async () => {
    const [funnel, csv, summary] = await Promise.all([
      researcher.get('/api/cohorts/funnel'),
      researcher.get('/api/exports/outcomes.csv?format=long'),
      researcher.get('/api/cohorts/summary'),
    ]);
    const rows = parse(csv.text);
    const key = (r: Row): string => `${r['subject_id']}#${r['surgery_number']}`;
    const baselines = new Map(rows.filter((r) => r['timepoint'] === 'baseline' && r['status'] === 'completed').map((r) => [key(r), r]));
    const p0 = summary.body.benchmarks.success;
    expect(funnel.body).toMatchObject({ timepoint: summary.body.benchmarkTimepoint, p0, method: 'exact-binomial', phi: null });
    for (const point of funnel.body.points) {
      const flags = rows
        .filter((r) => r['surgeon_code'] === point.label && r['timepoint'] === funnel.body.timepoint && r['status'] === 'completed')
        .map((r) => successV2(baselines.get(key(r)), r))
        .filter((f): f is boolean => f !== null);
      const n = flags.length;
      const x = flags.filter(Boolean).length;
      const lower998 = exactLimit(n, p0, 0.001);
      close(point, { n, x, rate: x / n, lower998, lower95: exactLimit(n, p0, 0.025), upper95: exactLimit(n, p0, 0.975), upper998: exactLimit(n, p0, 0.999), flagged: x / n < lower998 }, `funnel.${point.label}`);
    }
    expect(funnel.body.points).toHaveLength(3);
  });
});
