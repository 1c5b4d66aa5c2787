import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { assertCount, assertProbability, clamp01 } from './validate';

/** Funnel control limits for one surgeon, as proportions in [0, 1]. */
export interface FunnelLimits {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * The Binomial CDF level each limit sits at (DESIGN.md, "Funnel v2"). 99.8% is the alarm line: with
 * dozens of surgeons some fall outside 95% by chance alone (Spiegelhalter 2005, Stat Med 24:1185-1202).
 */
export const FUNNEL_LIMIT_LEVELS: Readonly<Record<keyof FunnelLimits, number>> = {
  lower998: 0.001,
  lower95: 0.025,
  upper95: 0.975,
  upper998: 0.999,
};

/** Normal quantiles for the random-effects limits, to the 7 figures DESIGN.md gives. */
export const FUNNEL_RE_Z_95 = 1.959964;
export const FUNNEL_RE_Z_998 = 3.090232;

/** With no cases there is no information, so every rate is within limits. */
const NO_INFORMATION: FunnelLimits = { lower95: 0, upper95: 1, lower998: 0, upper998: 1 };

/**
 * One exact binomial control limit, interpolated between the steps of the discrete distribution
 * (Spiegelhalter 2005, Stat Med 24:1185-1202). With F the Binomial(n, p0) CDF: r = the smallest
 * integer with F(r) >= level; a = (F(r) - level) / (F(r) - F(r - 1)), F(-1) = 0;
 * the limit is (r - a) / n, clamped to [0, 1].
 *
 * Exact rather than p0 +- z sqrt(p0 (1 - p0) / n) because the normal approximation is too narrow at the
 * small n of one surgeon's cohort: at n = 20 and p0 = 0.85 it flags an on-target surgeon about 6 times
 * as often as its nominal 0.1%. The interpolation makes the limit a continuous function of n and level
 * instead of a staircase, and it keeps the guarantee that matters for flagging: an on-target surgeon
 * falls below a lower limit with probability at most its level (x < r - a means x <= r - 1, and
 * F(r - 1) < level).
 */
export function exactBinomialLimit(p0: number, n: number, level: number): number {
  assertProbability('p0', p0, { open: true });
  assertCount('n', n);
  assertProbability('level', level, { open: true });
  if (n === 0) {
    throw new RangeError('an exact binomial limit needs n > 0');
  }
  // F is non-decreasing and F(n) = 1 >= level, so bisection finds the smallest r with F(r) >= level.
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (binomialCdf(middle, n, p0) >= level) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  const r = low;
  const atR = binomialCdf(r, n, p0);
  const belowR = r === 0 ? 0 : binomialCdf(r - 1, n, p0);
  // belowR < level <= atR, so the step is positive and 0 <= a < 1.
  const a = (atR - level) / (atR - belowR);
  return clamp01((r - a) / n);
}

/** The four exact binomial limits around p0 for a surgeon with n evaluable cases; [0, 1] when n = 0. */
export function exactFunnelLimits(p0: number, n: number): FunnelLimits {
  assertProbability('p0', p0, { open: true });
  assertCount('n', n);
  if (n === 0) {
    return { ...NO_INFORMATION };
  }
  return {
    lower95: exactBinomialLimit(p0, n, FUNNEL_LIMIT_LEVELS.lower95),
    upper95: exactBinomialLimit(p0, n, FUNNEL_LIMIT_LEVELS.upper95),
    lower998: exactBinomialLimit(p0, n, FUNNEL_LIMIT_LEVELS.lower998),
    upper998: exactBinomialLimit(p0, n, FUNNEL_LIMIT_LEVELS.upper998),
  };
}

/**
 * Limits under the additive random-effects model, p0 +- z sqrt(s^2 + tau2) with s^2 = p0 (1 - p0) / n,
 * clamped to [0, 1] (Spiegelhalter 2005). tau2 is the between-surgeon variance that
 * chance does not explain (funnelOverdispersion); it widens small and large surgeons' limits by the same
 * absolute amount, where a multiplicative phi would hardly touch the large ones. [0, 1] when n = 0.
 */
export function randomEffectsFunnelLimits(p0: number, n: number, tau2: number): FunnelLimits {
  assertProbability('p0', p0, { open: true });
  assertCount('n', n);
  if (!Number.isFinite(tau2) || tau2 < 0) {
    throw new RangeError(`tau2 must be a non-negative number, got ${tau2}`);
  }
  if (n === 0) {
    return { ...NO_INFORMATION };
  }
  const spread = Math.sqrt((p0 * (1 - p0)) / n + tau2);
  return {
    lower95: clamp01(p0 - FUNNEL_RE_Z_95 * spread),
    upper95: clamp01(p0 + FUNNEL_RE_Z_95 * spread),
    lower998: clamp01(p0 - FUNNEL_RE_Z_998 * spread),
    upper998: clamp01(p0 + FUNNEL_RE_Z_998 * spread),
  };
}
