// Logistic regression by maximum likelihood, for the case-mix model (casemix.ts). Newton-Raphson on
// the log-likelihood, which for the canonical logit link is iteratively reweighted least squares
// (McCullagh and Nelder 1989, Generalized Linear Models, 2nd ed., section 4.4; Agresti 2013,
// Categorical Data Analysis, 3rd ed., section 4.6).

export interface LogisticFitOptions {
  /** Newton steps before giving up (R's glm.control stops at 25; a well-posed fit needs under 10). */
  maxIterations?: number;
  /** Converged when |D - D_previous| / (|D| + 0.1) < tolerance, D the deviance: R's glm rule. */
  tolerance?: number;
}

/**
 * A fitted probability closer than this to 0 or 1 means the data are (quasi-)separated: some
 * combination of covariates predicts the outcome perfectly, the likelihood has no maximum and the
 * coefficients run off towards infinity while the deviance settles (Albert and Anderson 1984,
 * Biometrika 71:1-10). 1e-6 is a log-odds beyond +-13.8, which no case-mix model of a surgical
 * outcome reaches honestly; separated fits stop with probabilities of about 1e-8 or less.
 */
export const LOGISTIC_SEPARATION_EPSILON = 1e-6;

export interface LogisticFitted {
  status: 'converged';
  /** One per design column, in order. */
  coefficients: number[];
  /** From the inverse of the observed information at the estimate. */
  standardErrors: number[];
  logLikelihood: number;
  iterations: number;
  /** The fitted probability of each row. */
  fitted: number[];
}

export interface LogisticNotFitted {
  /**
   * `separation`: fitted probabilities of 0 or 1 (no finite maximum); `singular`: the columns are
   * collinear (no unique maximum); `not-converged`: still moving after maxIterations.
   */
  status: 'separation' | 'singular' | 'not-converged';
  iterations: number;
}

export type LogisticFit = LogisticFitted | LogisticNotFitted;

/** 1 / (1 + e^-eta), without overflow for large |eta|. */
export function logisticProbability(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/** The linear predictor x'beta of one design row. */
export function linearPredictor(coefficients: readonly number[], row: readonly number[]): number {
  let eta = 0;
  for (let j = 0; j < coefficients.length; j++) eta += coefficients[j] * row[j];
  return eta;
}

/**
 * Fits P(y = 1) = 1 / (1 + exp(-x'beta)) by Newton-Raphson from beta = 0, halving a step that
 * lowers the likelihood. The design is used as given: include a column of ones for an intercept
 * (then the fitted probabilities sum to the number of events, the property indirect
 * standardisation rests on). Never throws for data that merely cannot be fitted: separated,
 * collinear or non-converging data come back as a status. Throws a RangeError for malformed input
 * (ragged or empty design, non-finite values, lengths that differ).
 */
export function fitLogistic(design: readonly (readonly number[])[], outcome: readonly boolean[], options: LogisticFitOptions = {}): LogisticFit {
  const { maxIterations = 50, tolerance = 1e-10 } = options;
  const p = assertDesign(design, outcome);
  const y = outcome.map((event) => (event ? 1 : 0));
  let beta: number[] = new Array(p).fill(0);
  let current = evaluate(design, y, beta);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const step = choleskySolve(current.information, current.score);
    if (!step) return { status: saturated(current.fitted) ? 'separation' : 'singular', iterations: iteration };
    // Step halving (as R's glm.fit): the log-likelihood is concave, so a short enough Newton step
    // always climbs; a full one can overshoot from a poor start.
    let scale = 1;
    let next = evaluate(design, y, beta.map((b, j) => b + step[j]));
    while (next.logLikelihood < current.logLikelihood && scale > 1e-10) {
      scale /= 2;
      next = evaluate(design, y, beta.map((b, j) => b + scale * step[j]));
    }
    const deviance = -2 * next.logLikelihood;
    const change = Math.abs(deviance + 2 * current.logLikelihood) / (Math.abs(deviance) + 0.1);
    beta = next.beta;
    current = next;
    if (change < tolerance) {
      if (saturated(current.fitted)) return { status: 'separation', iterations: iteration };
      const covariance = choleskyInverse(current.information);
      if (!covariance) return { status: 'singular', iterations: iteration };
      return {
        status: 'converged',
        coefficients: beta,
        standardErrors: covariance.map((row, j) => Math.sqrt(row[j])),
        logLikelihood: current.logLikelihood,
        iterations: iteration,
        fitted: current.fitted,
      };
    }
  }
  return { status: saturated(current.fitted) ? 'separation' : 'not-converged', iterations: maxIterations };
}

interface Evaluation {
  beta: number[];
  fitted: number[];
  logLikelihood: number;
  /** X'(y - mu) */
  score: number[];
  /** X'WX with W = mu (1 - mu): the observed (= expected, for the logit link) information. */
  information: number[][];
}

function evaluate(design: readonly (readonly number[])[], y: readonly number[], beta: number[]): Evaluation {
  const p = beta.length;
  const score = new Array(p).fill(0);
  const information = Array.from({ length: p }, () => new Array(p).fill(0));
  const fitted: number[] = [];
  let logLikelihood = 0;
  design.forEach((row, i) => {
    const eta = linearPredictor(beta, row);
    const mu = logisticProbability(eta);
    fitted.push(mu);
    // log(1 + e^eta) computed without overflow; the log-likelihood is y eta - log(1 + e^eta).
    logLikelihood += y[i] * eta - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)));
    const residual = y[i] - mu;
    const weight = mu * (1 - mu);
    for (let j = 0; j < p; j++) {
      score[j] += row[j] * residual;
      for (let k = 0; k <= j; k++) information[j][k] += row[j] * weight * row[k];
    }
  });
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) information[j][k] = information[k][j];
  return { beta, fitted, logLikelihood, score, information };
}

function saturated(fitted: readonly number[]): boolean {
  return fitted.some((mu) => mu < LOGISTIC_SEPARATION_EPSILON || mu > 1 - LOGISTIC_SEPARATION_EPSILON);
}

/**
 * The lower-triangular L with A = LL', or null when A is not (numerically) positive definite: a
 * pivot below 1e-10 of the largest diagonal means a column is a combination of the others.
 */
function cholesky(a: readonly (readonly number[])[]): number[][] | null {
  const p = a.length;
  const largest = Math.max(...a.map((row, j) => Math.abs(row[j])));
  if (!(largest > 0)) return null;
  const l = Array.from({ length: p }, () => new Array(p).fill(0));
  for (let j = 0; j < p; j++) {
    let pivot = a[j][j];
    for (let k = 0; k < j; k++) pivot -= l[j][k] ** 2;
    if (!(pivot > 1e-10 * largest)) return null;
    l[j][j] = Math.sqrt(pivot);
    for (let i = j + 1; i < p; i++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = sum / l[j][j];
    }
  }
  return l;
}

function solveWith(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const p = l.length;
  const z = new Array(p).fill(0);
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * z[k];
    z[i] = sum / l[i][i];
  }
  const x = new Array(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < p; k++) sum -= l[k][i] * x[k];
    x[i] = sum / l[i][i];
  }
  return x;
}

function choleskySolve(a: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const l = cholesky(a);
  return l ? solveWith(l, b) : null;
}

function choleskyInverse(a: readonly (readonly number[])[]): number[][] | null {
  const l = cholesky(a);
  if (!l) return null;
  return a.map((_, j) => solveWith(l, a.map((__, i) => (i === j ? 1 : 0))));
}

function assertDesign(design: readonly (readonly number[])[], outcome: readonly boolean[]): number {
  if (design.length === 0) throw new RangeError('fitLogistic needs at least one row');
  if (design.length !== outcome.length) {
    throw new RangeError(`fitLogistic: ${design.length} design rows but ${outcome.length} outcomes`);
  }
  const p = design[0].length;
  if (p === 0) throw new RangeError('fitLogistic needs at least one column');
  for (const row of design) {
    if (row.length !== p) throw new RangeError(`fitLogistic: every design row needs ${p} columns`);
    if (row.some((value) => !Number.isFinite(value))) throw new RangeError('fitLogistic needs finite design values');
  }
  return p;
}
