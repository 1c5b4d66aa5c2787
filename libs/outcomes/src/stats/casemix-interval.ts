// The interval of an observed / expected ratio (O/E), as for a standardised mortality ratio.
import { type Interval } from './proportion';
import { assertCount, assertProbability } from './validate';

/** P(X <= k) for X ~ Poisson(mu), summed in log space so that a large mu does not underflow e^-mu. */
export function poissonCdf(k: number, mu: number): number {
  if (k < 0) return 0;
  if (mu === 0) return 1;
  const logMu = Math.log(mu);
  const logTerms: number[] = [-mu];
  for (let i = 1; i <= k; i++) logTerms.push(logTerms[i - 1] + logMu - Math.log(i));
  const largest = Math.max(...logTerms);
  const sum = logTerms.reduce((total, logTerm) => total + Math.exp(logTerm - largest), 0);
  return Math.min(1, Math.exp(largest + Math.log(sum)));
}

/** The mu at which the decreasing function mu -> poissonCdf(k, mu) equals target, by bisection. */
function poissonCdfRoot(k: number, target: number): number {
  let low = 0;
  let high = k + 1;
  while (poissonCdf(k, high) > target) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-15 * high; i++) {
    const middle = (low + high) / 2;
    if (poissonCdf(k, middle) > target) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/**
 * The exact (Garwood 1936, Biometrika 28:437-442) two-sided interval for the mean of a Poisson count:
 * the lower limit is the mean under which P(X >= observed) = alpha/2 (0 when nothing was observed),
 * the upper the mean under which P(X <= observed) = alpha/2. Equivalently chi2(alpha/2; 2O) / 2 and
 * chi2(1 - alpha/2; 2O + 2) / 2. Conservative: coverage is at least 1 - alpha.
 */
export function poissonExactInterval(observed: number, alpha = 0.05): Interval {
  assertCount('observed', observed);
  assertProbability('alpha', alpha, { open: true });
  const lower = observed === 0 ? 0 : poissonCdfRoot(observed - 1, 1 - alpha / 2);
  return [lower, poissonCdfRoot(observed, alpha / 2)];
}

export interface ObservedExpected {
  /** O / E. */
  ratio: number;
  /** The exact Poisson interval of O, divided by E. */
  ci95: Interval;
}

/**
 * O/E with its 95% interval, the way a standardised mortality ratio is given (Breslow and Day 1987,
 * Statistical Methods in Cancer Research II, IARC Sci Publ 82, chapter 2; Ulm 1990, Am J Epidemiol
 * 131:373-375): O is treated as a Poisson count and E, the sum of the model's predicted
 * probabilities, as fixed. The interval therefore leaves out the uncertainty of the model's
 * coefficients, which is small beside O's when the clinic has many more cases than the surgeon.
 * For a binary outcome the Poisson interval is a little wider than a binomial one would be.
 */
export function observedExpectedRatio(observed: number, expected: number): ObservedExpected {
  assertCount('observed', observed);
  if (!(expected > 0) || !Number.isFinite(expected)) {
    throw new RangeError(`expected must be a positive number, got ${expected}`);
  }
  const [lower, upper] = poissonExactInterval(observed);
  return { ratio: observed / expected, ci95: [lower / expected, upper / expected] };
}
