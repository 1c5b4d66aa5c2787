// Funnel v2 (DESIGN.md, "Contract v1.1"): each surgeon's rate against the benchmark p0, with control
// limits that depend on how many cases the surgeon has (Spiegelhalter 2005, Stat Med 24:1185-1202).
import { type FunnelLimits, exactFunnelLimits, randomEffectsFunnelLimits } from './funnel-limits';
import { type FunnelMethod, funnelOverdispersion } from './funnel-overdispersion';

export interface FunnelInput {
  /** Cases meeting the definition. */
  x: number;
  /** Evaluable cases. */
  n: number;
}

export interface SurgeonFunnelInput extends FunnelInput {
  surgeonId: string;
}

export interface FunnelV2Point extends FunnelLimits {
  surgeonId: string;
  n: number;
  x: number;
  /** x / n; null for a surgeon with no evaluable case. */
  rate: number | null;
  /** Below the lower 99.8% limit. */
  flagged: boolean;
}

export interface FunnelV2 {
  p0: number;
  /** Surgeons with at least one evaluable case. */
  k: number;
  /** Winsorised overdispersion; null with fewer than 10 surgeons with cases. */
  phi: number | null;
  tau2: number;
  method: FunnelMethod;
  /** One per input, in the input's order. */
  points: FunnelV2Point[];
}

/**
 * The funnel for one time point and measure, as DESIGN.md "Funnel v2" defines it:
 * - limits are exact binomial, interpolated (exactFunnelLimits), unless the surgeons vary more than
 *   chance allows; then they are p0 +- z sqrt(s^2 + tau2) (funnelOverdispersion decides, and only with
 *   k >= 10 surgeons with cases);
 * - a surgeon is flagged only below the 99.8% limit: above the funnel is good news, and with dozens of
 *   surgeons the 95% limits are crossed by chance alone.
 *
 * A surgeon with n = 0 is kept, so there is still one point per input: rate null, limits [0, 1], never
 * flagged, and not counted in k. Every surgeon exactly on target (phi = 0) is a normal answer.
 * Throws a RangeError only for invalid input: counts that are not whole numbers, x > n, p0 outside
 * (0, 1), or the same surgeon twice.
 */
export function funnelV2(points: readonly SurgeonFunnelInput[], p0: number): FunnelV2 {
  // Validates p0 and every count before anything is drawn.
  const { k, phi, tau2, method } = funnelOverdispersion(points, p0);
  assertOnePointPerSurgeon(points);
  // Surgeons often share an n; each exact limit is a search over the binomial CDF, so compute it once.
  const limitsByN = new Map<number, FunnelLimits>();
  const limitsFor = (n: number): FunnelLimits => {
    let limits = limitsByN.get(n);
    if (!limits) {
      limits = method === 'additive-random-effects' ? randomEffectsFunnelLimits(p0, n, tau2) : exactFunnelLimits(p0, n);
      limitsByN.set(n, limits);
    }
    return limits;
  };
  return {
    p0,
    k,
    phi,
    tau2,
    method,
    points: points.map(({ surgeonId, x, n }) => {
      const { lower95, lower998, upper95, upper998 } = limitsFor(n);
      const rate = n > 0 ? x / n : null;
      return { surgeonId, n, x, rate, lower95, lower998, upper95, upper998, flagged: rate !== null && rate < lower998 };
    }),
  };
}

function assertOnePointPerSurgeon(points: readonly SurgeonFunnelInput[]): void {
  const seen = new Set<string>();
  for (const { surgeonId } of points) {
    if (seen.has(surgeonId)) {
      throw new RangeError(`surgeon ${surgeonId} appears twice in the funnel`);
    }
    seen.add(surgeonId);
  }
}

/**
 * A surgeon sees no peer with fewer than this many cases (DESIGN.md, "Funnel v2"): a peer's rate from a
 * handful of cases says little about the peer and could point at individual patients.
 */
export const FUNNEL_PEER_MIN_N = 10;

export interface PeerFunnelPoints<T> {
  /** The caller's own point (whatever its n) and every peer with n >= FUNNEL_PEER_MIN_N, in order. */
  points: T[];
  /** How many peer points were left out. */
  suppressed: number;
}

/**
 * What a surgeon caller may see of the funnel's points. The funnel itself (k, phi, tau2 and every limit)
 * is still computed from all surgeons; only the display leaves small peers out. Naming peers (or not)
 * is the caller's business.
 */
export function suppressSmallPeers<T extends { surgeonId: string; n: number }>(
  points: readonly T[],
  callerSurgeonId: string,
): PeerFunnelPoints<T> {
  const kept = points.filter((point) => point.surgeonId === callerSurgeonId || point.n >= FUNNEL_PEER_MIN_N);
  return { points: kept, suppressed: points.length - kept.length };
}
