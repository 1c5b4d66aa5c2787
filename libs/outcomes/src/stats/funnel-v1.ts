import type { FunnelPoint } from '@stride/contracts';

/** A funnel point before the API decides how to name the surgeon for the caller. */
export type SurgeonFunnelPoint = Omit<FunnelPoint, 'surgeonId' | 'label' | 'isCaller'> & { surgeonId: string };
import type { FunnelInput, SurgeonFunnelInput } from './funnel';
import type { FunnelLimits } from './funnel-limits';
import { assertAtMost, assertCount, assertProbability, clamp01 } from './validate';

// SUPERSEDED by Funnel v2 (funnel.ts, DESIGN.md "Contract v1.1"). Kept only until the cohorts service
// and the portal's limit curve move to funnelV2; then this file and its spec go. Two faults of v1:
// - Normal-approximation limits are too narrow at small n: at n = 20, p0 = 0.85 a surgeon on target is
//   flagged about 6 times as often as the nominal 0.1%.
// - phi is estimated from any number of surgeons, unwinsorised, so with a handful of surgeons one bad
//   outlier inflates phi and widens its own limits until it is no longer flagged.
// Spiegelhalter 2005 (Stat Med 24:1185-1202), "Funnel plots for comparing institutional performance":
// control limits p0 +- z * sqrt(p0 (1 - p0) / n), at z = 1.96 (95%) and z = 3.09 (99.8%). The 99.8%
// limit is the "alarm" line: with dozens of surgeons, some fall outside 95% by chance alone.
export const FUNNEL_Z_95 = 1.96;
export const FUNNEL_Z_998 = 3.09;

/**
 * Control limits around the benchmark p0 for a surgeon with n evaluable cases, clamped to [0, 1].
 * @param phi overdispersion factor; limits are widened by sqrt(phi) when phi > 1 (Spiegelhalter 2005)
 * @deprecated superseded by exactFunnelLimits / funnelV2 (Funnel v2)
 */
export function funnelLimits(p0: number, n: number, phi = 1): FunnelLimits {
  assertProbability('p0', p0, { open: true });
  assertCount('n', n);
  if (!(phi > 0) || !Number.isFinite(phi)) {
    throw new RangeError(`phi must be a positive number, got ${phi}`);
  }
  if (n === 0) {
    // No cases: no information, so every rate is within limits.
    return { lower95: 0, upper95: 1, lower998: 0, upper998: 1 };
  }
  const se = Math.sqrt((Math.max(phi, 1) * p0 * (1 - p0)) / n);
  return {
    lower95: clamp01(p0 - FUNNEL_Z_95 * se),
    upper95: clamp01(p0 + FUNNEL_Z_95 * se),
    lower998: clamp01(p0 - FUNNEL_Z_998 * se),
    upper998: clamp01(p0 + FUNNEL_Z_998 * se),
  };
}

/**
 * Multiplicative overdispersion phi = (1/k) * sum(z_i^2), z_i = (x_i/n_i - p0) / sqrt(p0 (1 - p0) / n_i)
 * (Spiegelhalter 2005). phi near 1 means surgeons vary no more than chance predicts; phi well above
 * 1 means unexplained variation (case mix, coding), and limits must widen or too many are flagged.
 * Surgeons with n = 0 carry no information and are left out of k. With no such surgeons, returns 1.
 * Not winsorised: Spiegelhalter suggests winsorising z at the 10th/90th percentiles when k is large,
 * which a clinic-sized k (a handful of surgeons) cannot support.
 * @deprecated superseded by funnelOverdispersion (Funnel v2: winsorised, only with k >= 10)
 */
export function overdispersion(points: readonly FunnelInput[], p0: number): number {
  assertProbability('p0', p0, { open: true });
  let sumSquares = 0;
  let k = 0;
  for (const { x, n } of points) {
    assertCount('x', x);
    assertCount('n', n);
    assertAtMost('x', x, 'n', n);
    if (n === 0) {
      continue;
    }
    const z = (x / n - p0) / Math.sqrt((p0 * (1 - p0)) / n);
    sumSquares += z * z;
    k += 1;
  }
  return k === 0 ? 1 : sumSquares / k;
}

/**
 * One funnel point per surgeon. Limits are widened by sqrt(phi) when phi > 1. A surgeon is flagged only
 * when their rate falls below the lower 99.8% limit (DESIGN.md, "Statistics"): above the funnel is good
 * news, and 95% is expected to be crossed by chance.
 * @deprecated superseded by funnelV2
 */
export function funnelPoints(points: readonly SurgeonFunnelInput[], p0: number): SurgeonFunnelPoint[] {
  const phi = overdispersion(points, p0);
  return points.map(({ surgeonId, x, n }) => {
    const limits = funnelLimits(p0, n, phi);
    const rate = n > 0 ? x / n : null;
    return {
      surgeonId,
      n,
      x,
      rate,
      lower95: limits.lower95,
      lower998: limits.lower998,
      upper95: limits.upper95,
      upper998: limits.upper998,
      flagged: rate !== null && rate < limits.lower998,
    };
  });
}

export interface Funnel {
  p0: number;
  phi: number;
  points: SurgeonFunnelPoint[];
}

/**
 * p0, phi and the points together, as the funnel endpoint returns them.
 * @deprecated superseded by funnelV2
 */
export function funnelPlot(points: readonly SurgeonFunnelInput[], p0: number): Funnel {
  return { p0, phi: overdispersion(points, p0), points: funnelPoints(points, p0) };
}
