/** Spiegelhalter 2005 (Stat Med 24:1185-1202): funnel control limits at 95% and 99.8%. */
export const Z_95 = 1.96;
export const Z_998 = 3.09;

export interface LimitPoint {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/**
 * Control limits p0 +- z * sqrt(phi * p0 (1 - p0) / n), clamped to [0, 1], for a smooth range of n.
 * Limits widen by sqrt(phi) only when phi > 1 (overdispersion); phi <= 1 leaves them as binomial.
 * Points are spaced quadratically, denser at small n where the funnel bends most.
 */
export function funnelLimitCurve(p0: number, phi: number, maxN: number, steps = 160): LimitPoint[] {
  const inflation = Math.max(1, phi);
  const minN = 1;
  const points: LimitPoint[] = [];
  for (let i = 0; i <= steps; i++) {
    const n = minN + (maxN - minN) * (i / steps) ** 2;
    const se = Math.sqrt((inflation * p0 * (1 - p0)) / n);
    points.push({
      n,
      lower95: clamp01(p0 - Z_95 * se),
      upper95: clamp01(p0 + Z_95 * se),
      lower998: clamp01(p0 - Z_998 * se),
      upper998: clamp01(p0 + Z_998 * se),
    });
  }
  return points;
}

/** A round axis end a little beyond the largest n, so the funnel's mouth is visible. */
export function niceMaxN(largestN: number): number {
  const target = Math.max(20, largestN * 1.15);
  const step = target <= 50 ? 10 : target <= 200 ? 25 : target <= 500 ? 50 : 100;
  return Math.ceil(target / step) * step;
}
