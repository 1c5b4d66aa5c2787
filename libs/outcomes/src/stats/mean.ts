import type { MeanStat } from '@stride/contracts';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { Interval } from './proportion';

export interface MeanWithCi {
  /** null when there are no values. */
  mean: number | null;
  /** Student t 95% interval; null with fewer than 2 values (no estimate of spread). */
  ci95: Interval | null;
}

/**
 * Mean with a t-based 95% CI (Student 1908): the t rather than the normal quantile because cohorts per
 * surgeon and time point are small, where z would make the interval too narrow.
 */
export function meanWithCi(values: readonly number[]): MeanWithCi {
  const n = values.length;
  if (values.some((v) => !Number.isFinite(v))) {
    throw new RangeError('meanWithCi needs finite numbers');
  }
  if (n === 0) {
    return { mean: null, ci95: null };
  }
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n < 2) {
    return { mean, ci95: null };
  }
  // Two-pass variance: subtracting the mean first avoids the cancellation of sum(x^2) - n*mean^2.
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  const halfWidth = tQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { mean, ci95: [mean - halfWidth, mean + halfWidth] };
}

/**
 * Leg pain at a time point: the mean score and the mean within-patient change from baseline
 * (follow-up minus baseline, so an improvement is negative), each with a t 95% CI.
 */
export function meanStat(values: readonly number[], changes: readonly number[]): MeanStat {
  const level = meanWithCi(values);
  const change = meanWithCi(changes);
  return { mean: level.mean, ci95: level.ci95, meanChange: change.mean, changeCi95: change.ci95 };
}

/** A sample reduced to what a mean and its t interval need: count, sum and sum of squares (e.g. from SQL). */
export interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

/**
 * meanWithCi from the sample's moments instead of its values, so the database can reduce a cohort
 * to three numbers. For integer scores (NRS 0-10 and their changes) n * sumSquares - sum^2 is exact
 * in doubles up to millions of values, so there is none of the cancellation that makes the
 * one-pass formula unsafe in general, and the result equals meanWithCi's to rounding.
 */
export function meanWithCiFromMoments({ n, sum, sumSquares }: Moments): MeanWithCi {
  if (![n, sum, sumSquares].every(Number.isFinite) || !Number.isInteger(n) || n < 0) {
    throw new RangeError('meanWithCiFromMoments needs a whole count and finite sums');
  }
  if (n === 0) {
    return { mean: null, ci95: null };
  }
  const mean = sum / n;
  if (n < 2) {
    return { mean, ci95: null };
  }
  // Rounding can leave a tiny negative for a constant non-integer sample: its spread is zero.
  const variance = Math.max(0, (n * sumSquares - sum * sum) / (n * (n - 1)));
  const halfWidth = tQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { mean, ci95: [mean - halfWidth, mean + halfWidth] };
}

/** meanStat from moments: the level at a time point and the within-patient change from baseline. */
export function meanStatFromMoments(values: Moments, changes: Moments): MeanStat {
  const level = meanWithCiFromMoments(values);
  const change = meanWithCiFromMoments(changes);
  return { mean: level.mean, ci95: level.ci95, meanChange: change.mean, changeCi95: change.ci95 };
}
