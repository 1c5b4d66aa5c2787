import type { RateStat } from '@stride/contracts';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { assertAtMost, assertCount, assertProbability, clamp01 } from './validate';

/** The 97.5th percentile of the standard normal: a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

// Below 20 evaluable cases a rate's 95% CI is wider than +-15 points around 85%, too wide to compare a
// surgeon with the benchmark (DESIGN.md, "Statistics": under n = 20 the result is "insufficient data").
export const INSUFFICIENT_N = 20;

export type Interval = [number, number];

/**
 * Wilson score interval for a binomial proportion (Wilson 1927, JASA 22:209-212).
 * Chosen over the Wald interval because it keeps its coverage at small n and near 0 or 1, where surgical
 * success rates live (Brown, Cai & DasGupta 2001, Stat Sci 16:101-133).
 */
export function wilsonInterval(x: number, n: number, z: number = Z_95): Interval {
  assertCount('x', x);
  assertCount('n', n);
  assertAtMost('x', x, 'n', n);
  if (n === 0) {
    throw new RangeError('a proportion needs n > 0');
  }
  if (!(z > 0) || !Number.isFinite(z)) {
    throw new RangeError(`z must be a positive number, got ${z}`);
  }
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At x = 0 and x = n the bound is exactly 0 or 1 algebraically; pin it so rounding cannot exclude p.
  const lower = x === 0 ? 0 : clamp01(centre - halfWidth);
  const upper = x === n ? 1 : clamp01(centre + halfWidth);
  return [lower, upper];
}

/**
 * Clopper-Pearson "exact" interval (Clopper & Pearson 1934, Biometrika 26:404-413), from the beta
 * quantiles. Conservative: coverage is at least 1 - alpha. Offered alongside Wilson for researchers who
 * want the exact interval; the dashboard uses Wilson.
 */
export function clopperPearsonInterval(x: number, n: number, alpha = 0.05): Interval {
  assertCount('x', x);
  assertCount('n', n);
  assertAtMost('x', x, 'n', n);
  assertProbability('alpha', alpha, { open: true });
  if (n === 0) {
    throw new RangeError('a proportion needs n > 0');
  }
  const lower = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
  const upper = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
  return [clamp01(lower), clamp01(upper)];
}

/**
 * One-sided exact binomial test that the true rate is BELOW the benchmark p0: P(X <= x | n, p0).
 * One-sided because the clinical question is whether a cohort falls short of the published figure;
 * beating it is not a safety signal.
 */
export function binomialPValueBelow(x: number, n: number, p0: number): number {
  assertCount('x', x);
  assertCount('n', n);
  assertAtMost('x', x, 'n', n);
  assertProbability('p0', p0, { open: false });
  return clamp01(binomialCdf(x, n, p0));
}

/** The one-sided test's level and the power the dashboard's sentence speaks of. */
export const SHORTFALL_ALPHA = 0.05;
export const SHORTFALL_POWER = 0.8;

/**
 * What a non-significant result can and cannot say: the true rate below which the one-sided exact
 * test (reject when P(X <= x | n, p0) <= alpha) detects a shortfall with the given power. The test
 * rejects for x <= c, c the largest count with F(c; n, p0) <= alpha; its power at a true rate p is
 * F(c; n, p), which falls as p rises, so the rate is found by bisection on (0, p0).
 * @returns null when even x = 0 would not be significant (too few cases to detect any shortfall)
 */
export function detectableShortfallRate(n: number, p0: number, alpha = SHORTFALL_ALPHA, power = SHORTFALL_POWER): number | null {
  assertCount('n', n);
  assertProbability('p0', p0, { open: true });
  // F(x; n, p0) rises with x: bisect for the largest c with F(c) <= alpha (log2 n CDF calls, not n).
  if (binomialCdf(0, n, p0) > alpha) return null;
  let c = 0;
  let above = n + 1;
  while (above - c > 1) {
    const mid = Math.floor((c + above) / 2);
    if (binomialCdf(mid, n, p0) <= alpha) c = mid;
    else above = mid;
  }
  let lo = 0;
  let hi = p0;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(c, n, mid) >= power) lo = mid;
    else hi = mid;
  }
  return lo;
}

export interface LossToFollowUpBounds {
  /** Every eligible non-responder counted as a failure. */
  worstCase: number;
  /** Every eligible non-responder counted as a success. */
  bestCase: number;
}

/**
 * Bounds on the rate if the patients we did not hear from had all failed or all succeeded
 * (docs/design.md, "Stopping and who counts"). Non-response after surgery is rarely random:
 * patients who did badly are less likely to answer, so the complete-case rate alone can flatter a
 * cohort. With x successes among n evaluable responders and m eligible non-responders:
 * worst = x / (n + m), best = (x + m) / (n + m). Responders who are not evaluable (no baseline)
 * are in neither n nor m. The one formula: the API and the library's summary both use it.
 * @returns null when there is nobody to count (n + m = 0)
 */
export function lossToFollowUpBounds(x: number, n: number, nonResponders: number): LossToFollowUpBounds | null {
  assertCount('x', x);
  assertCount('n', n);
  assertCount('nonResponders', nonResponders);
  assertAtMost('x', x, 'n', n);
  const total = n + nonResponders;
  if (total === 0) return null;
  return { worstCase: x / total, bestCase: (x + nonResponders) / total };
}

export interface RateInput {
  /** Cases meeting the definition. */
  x: number;
  /** Evaluable cases (the denominator of the rate). */
  n: number;
  /** Patients due an answer at this time point. */
  eligible: number;
  /** Patients who answered (n <= responded <= eligible). */
  responded: number;
  /** The published figure to compare with, e.g. 0.85. */
  benchmark: number;
}

/**
 * The rate of one definition at one time point, as the dashboard shows it: the complete-case rate with
 * its Wilson 95% CI, the one-sided exact p against the benchmark, and loss-to-follow-up bounds over
 * the evaluable responders and the eligible - responded non-responders.
 */
export function rateStat({ x, n, eligible, responded, benchmark }: RateInput): RateStat {
  assertCount('x', x);
  assertCount('n', n);
  assertCount('responded', responded);
  assertCount('eligible', eligible);
  assertAtMost('x', x, 'n', n);
  assertAtMost('n', n, 'responded', responded);
  assertAtMost('responded', responded, 'eligible', eligible);
  assertProbability('benchmark', benchmark, { open: false });
  const bounds = lossToFollowUpBounds(x, n, eligible - responded);
  return {
    x,
    n,
    rate: n > 0 ? x / n : null,
    ci95: n > 0 ? wilsonInterval(x, n) : null,
    // The exact interval, for research use beside the Wilson interval the dashboard draws.
    ci95Exact: n > 0 ? clopperPearsonInterval(x, n) : null,
    pValue: n > 0 ? binomialPValueBelow(x, n, benchmark) : null,
    detectableRate: n > 0 && benchmark > 0 && benchmark < 1 ? detectableShortfallRate(n, benchmark) : null,
    worstCase: bounds ? bounds.worstCase : null,
    bestCase: bounds ? bounds.bestCase : null,
    insufficient: n < INSUFFICIENT_N,
  };
}
