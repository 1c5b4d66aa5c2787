import type { FunnelView } from '@stride/contracts';
import { type FunnelLimits, exactFunnelLimits, randomEffectsFunnelLimits } from './funnel-limits';

export interface LimitPoint extends FunnelLimits {
  n: number;
}

/**
 * The funnel's control limits at every whole n from 1 to maxN, from the same functions the API used
 * for each surgeon's point (DESIGN.md "Funnel v2"): exact binomial, or random effects with the view's
 * tau2. Whole n only: a surgeon has whole cases, and the exact limits exist only there. The portal's
 * chart and the PDF report both draw this curve.
 */
export function funnelLimitCurve(funnel: Pick<FunnelView, 'p0' | 'method' | 'tau2'>, maxN: number): LimitPoint[] {
  const { p0, method, tau2 } = funnel;
  const limitsAt = (n: number): FunnelLimits =>
    method === 'additive-random-effects' ? randomEffectsFunnelLimits(p0, n, tau2) : exactFunnelLimits(p0, n);
  return Array.from({ length: Math.max(0, Math.floor(maxN)) }, (_, index) => ({ n: index + 1, ...limitsAt(index + 1) }));
}

/** A round axis end a little beyond the largest n, so the funnel's mouth is visible. */
export function niceMaxN(largestN: number): number {
  const target = Math.max(20, largestN * 1.15);
  const step = target <= 50 ? 10 : target <= 200 ? 25 : target <= 500 ? 50 : 100;
  return Math.ceil(target / step) * step;
}
