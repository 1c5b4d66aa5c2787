import { assertAtMost, assertCount, assertProbability } from './validate';

/** How the funnel's limits were drawn: exact binomial, or widened by the between-surgeon variance tau2. */
export type FunnelMethod = 'exact-binomial' | 'additive-random-effects';

/**
 * Below this many surgeons with cases, phi is not estimated at all. With a handful of surgeons one
 * outlier dominates the mean of z^2: it inflates phi, the limits widen around it, and the very surgeon
 * who should be flagged no longer is. Winsorising cannot help either, since floor(0.1 k) = 0 below 10.
 */
export const FUNNEL_MIN_SURGEONS_FOR_PHI = 10;

export interface FunnelOverdispersion {
  /** Surgeons with at least one evaluable case; surgeons with n = 0 carry no information. */
  k: number;
  /** Mean of the winsorised squared z-scores; null with k < FUNNEL_MIN_SURGEONS_FOR_PHI. */
  phi: number | null;
  /** Between-surgeon variance beyond chance; 0 unless k phi > k - 1. */
  tau2: number;
  method: FunnelMethod;
}

/**
 * Winsorises at both ends: the `perTail` smallest values are raised to the (perTail + 1)-th smallest
 * and the `perTail` largest lowered to the (perTail + 1)-th largest. Returns them in the input order.
 */
export function winsorise(values: readonly number[], perTail: number): number[] {
  assertCount('perTail', perTail);
  if (perTail === 0 || values.length === 0) {
    return [...values];
  }
  if (2 * perTail >= values.length) {
    throw new RangeError(`cannot winsorise ${perTail} values at each end of ${values.length}`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  const floor = sorted[perTail];
  const ceiling = sorted[sorted.length - 1 - perTail];
  return values.map((value) => Math.min(ceiling, Math.max(floor, value)));
}

/**
 * Overdispersion of surgeons' rates around p0 (Spiegelhalter 2005, Stat Med 24:1185-1202), as DESIGN.md
 * "Funnel v2" specifies it:
 * - z_i = (x_i / n_i - p0) / s_i with s_i^2 = p0 (1 - p0) / n_i, over the k surgeons with n_i > 0;
 * - winsorised at 10% (Spiegelhalter's recommendation, so that the outliers the funnel is meant to find
 *   do not inflate the yardstick they are judged by): c = floor(k / 10) at each end;
 * - phi = the mean of the winsorised z^2;
 * - if k phi > k - 1, the additive random-effects variance
 *   tau2 = (k phi - (k - 1)) / (sum w - sum w^2 / sum w), w_i = 1 / s_i^2 (a DerSimonian-Laird style
 *   moment estimate); otherwise tau2 = 0 and the exact binomial limits stand.
 * With k < 10 nothing is estimated: phi is null and tau2 is 0 (see FUNNEL_MIN_SURGEONS_FOR_PHI).
 * Every surgeon exactly on target gives phi = 0: a normal answer, not an error.
 */
export function funnelOverdispersion(points: readonly { x: number; n: number }[], p0: number): FunnelOverdispersion {
  assertProbability('p0', p0, { open: true });
  for (const { x, n } of points) {
    assertCount('x', x);
    assertCount('n', n);
    assertAtMost('x', x, 'n', n);
  }
  const withCases = points.filter(({ n }) => n > 0);
  const k = withCases.length;
  if (k < FUNNEL_MIN_SURGEONS_FOR_PHI) {
    return { k, phi: null, tau2: 0, method: 'exact-binomial' };
  }
  const binomialVariance = p0 * (1 - p0);
  const z = withCases.map(({ x, n }) => (x / n - p0) / Math.sqrt(binomialVariance / n));
  const phi = winsorise(z, Math.floor(k / 10)).reduce((sum, value) => sum + value * value, 0) / k;
  if (!(k * phi > k - 1)) {
    return { k, phi, tau2: 0, method: 'exact-binomial' };
  }
  const weights = withCases.map(({ n }) => n / binomialVariance);
  const sumW = weights.reduce((sum, w) => sum + w, 0);
  const sumW2 = weights.reduce((sum, w) => sum + w * w, 0);
  const tau2 = (k * phi - (k - 1)) / (sumW - sumW2 / sumW);
  return { k, phi, tau2, method: 'additive-random-effects' };
}
