import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOGISTIC_SEPARATION_EPSILON, type LogisticFitted, fitLogistic, logisticProbability } from './logistic';

interface FixtureFit {
  design: number[][];
  outcome: boolean[];
  coefficients: number[];
  standardErrors: number[];
  logLikelihood: number;
}

/** Written by logistic-fixture.gen.py: numpy Newton-Raphson, checked against scipy's BFGS. */
const fixture: { challenger: FixtureFit; mixed: FixtureFit } = JSON.parse(readFileSync(join(__dirname, 'logistic-fixture.json'), 'utf8'));

function converged(design: number[][], outcome: boolean[]): LogisticFitted {
  const sut = fitLogistic(design, outcome);
  if (sut.status !== 'converged') throw new Error(`expected a fit, got ${sut.status}`);
  return sut;
}

describe(fitLogistic.name, () => {
  it.each([
    ['Challenger O-rings (Dalal 1989): 15.0429 - 0.2322 temperature', fixture.challenger],
    ['80 simulated rows with a score, a bin and two indicators', fixture.mixed],
  ])('%s: matches numpy and scipy to 1e-6', (_name, expected) => {
    const sut = converged(expected.design, expected.outcome);

    sut.coefficients.forEach((b, j) => expect(b).toBeCloseTo(expected.coefficients[j], 6));
    sut.standardErrors.forEach((se, j) => expect(se).toBeCloseTo(expected.standardErrors[j], 6));
    expect(sut.logLikelihood).toBeCloseTo(expected.logLikelihood, 8);
  });

  it('gives the textbook Challenger estimates, as published to 4 figures', () => {
    const sut = converged(fixture.challenger.design, fixture.challenger.outcome);

    expect(sut.coefficients.map((b) => Number(b.toFixed(4)))).toEqual([15.0429, -0.2322]);
    expect(sut.standardErrors.map((se) => Number(se.toFixed(4)))).toEqual([7.3786, 0.1082]);
  });

  it('recovers known coefficients from 20,000 simulated cases to within 4 standard errors', () => {
    const truth = [-0.8, 0.35, -0.3, -0.6, 0.5];
    // fast-check's seeded, unbiased sampler as the random source: the same 20,000 cases on every run.
    // Uniform draws are whole numbers scaled down (fc.double is uniform over bit patterns, not values).
    const uniform = fc.integer({ min: 0, max: 2 ** 30 - 1 }).map((k) => k / 2 ** 30);
    const simulated = fc.sample(
      fc.record({ score: fc.integer({ min: 0, max: 10 }), bin: fc.integer({ min: 0, max: 4 }), a: uniform, b: uniform, u: uniform }),
      { seed: 20260801, numRuns: 20_000, unbiased: true },
    );
    const design = simulated.map((c) => [1, c.score, c.bin, c.a < 0.3 ? 1 : 0, c.b < 0.2 ? 1 : 0]);
    const outcome = design.map((row, i) => simulated[i].u < logisticProbability(row.reduce((eta, x, j) => eta + x * truth[j], 0)));

    const sut = converged(design, outcome);

    expect(design.filter((row) => row[3] === 1).length / design.length).toBeCloseTo(0.3, 1);
    sut.coefficients.forEach((b, j) => {
      expect(Math.abs(b - truth[j])).toBeLessThan(4 * sut.standardErrors[j]);
      expect(Math.abs(b - truth[j])).toBeLessThan(0.15);
    });
  });

  it('reports complete separation instead of infinite coefficients', () => {
    const design = [-3, -2, -1, 1, 2, 3].map((x) => [1, x]);

    expect(fitLogistic(design, [false, false, false, true, true, true]).status).toBe('separation');
  });

  it('reports quasi-complete separation: one indicator whose cases all succeeded', () => {
    const design = Array.from({ length: 40 }, (_, i) => [1, i % 7, i < 5 ? 1 : 0]);
    const outcome = design.map((row, i) => row[2] === 1 || i % 3 === 0);

    expect(fitLogistic(design, outcome).status).toBe('separation');
  });

  it('reports collinear columns as singular', () => {
    const design = Array.from({ length: 30 }, (_, i) => [1, i % 5, 2 * (i % 5)]);

    expect(fitLogistic(design, design.map((_, i) => i % 3 === 0)).status).toBe('singular');
  });

  it('stops at maxIterations and says it did not converge', () => {
    expect(fitLogistic(fixture.challenger.design, fixture.challenger.outcome, { maxIterations: 2 })).toEqual({ status: 'not-converged', iterations: 2 });
  });

  it('refuses malformed input', () => {
    expect(() => fitLogistic([], [])).toThrow(RangeError);
    expect(() => fitLogistic([[1, 2]], [true, false])).toThrow(RangeError);
    expect(() => fitLogistic([[1, 2], [1]], [true, false])).toThrow(RangeError);
    expect(() => fitLogistic([[1, Number.NaN]], [true])).toThrow(RangeError);
  });

  describe('at the maximum, for any data it can fit', () => {
    const data = fc
      .array(fc.record({ x: fc.integer({ min: 0, max: 10 }), z: fc.integer({ min: 0, max: 1 }), y: fc.boolean() }), { minLength: 10, maxLength: 120 })
      .map((rows) => ({ design: rows.map((r) => [1, r.x, r.z]), outcome: rows.map((r) => r.y) }));

    it('gives every case a probability strictly between 0 and 1', () => {
      fc.assert(
        fc.property(data, ({ design, outcome }) => {
          const sut = fitLogistic(design, outcome);
          fc.pre(sut.status === 'converged');
          const { fitted } = sut as LogisticFitted;
          expect(fitted.every((mu) => mu > LOGISTIC_SEPARATION_EPSILON && mu < 1 - LOGISTIC_SEPARATION_EPSILON)).toBe(true);
        }),
        // Seeded and unshrunk so a failure is reported in seconds, reproducibly.
        { numRuns: 200, seed: 20261127, endOnFailure: true },
      );
    });

    it('makes the predicted probabilities sum to the observed events (a model with an intercept)', () => {
      fc.assert(
        fc.property(data, ({ design, outcome }) => {
          const sut = fitLogistic(design, outcome);
          fc.pre(sut.status === 'converged');
          const predicted = (sut as LogisticFitted).fitted.reduce((sum, mu) => sum + mu, 0);
          expect(Math.abs(predicted - outcome.filter(Boolean).length)).toBeLessThan(1e-5);
        }),
        { numRuns: 200, seed: 20261128, endOnFailure: true },
      );
    });
  });
});

describe(logisticProbability.name, () => {
  it('is 1/2 at 0, symmetric, and finite at extreme log-odds', () => {
    expect(logisticProbability(0)).toBe(0.5);
    expect(logisticProbability(2) + logisticProbability(-2)).toBeCloseTo(1, 15);
    expect(logisticProbability(-800)).toBe(0);
    expect(logisticProbability(800)).toBe(1);
  });
});
