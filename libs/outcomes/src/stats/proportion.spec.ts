import fc from 'fast-check';
import {
  INSUFFICIENT_N,
  binomialPValueBelow,
  clopperPearsonInterval,
  detectableShortfallRate,
  lossToFollowUpBounds,
  rateStat,
  wilsonInterval,
} from './proportion';

/** A proportion as a percentage rounded to 1 decimal, as the dashboard shows it. */
const pct = (value: number): string => (value * 100).toFixed(1);
const pcts = ([lo, hi]: [number, number]): [string, string] => [pct(lo), pct(hi)];

/** n from 1 to 500 and 0 <= x <= n. */
const xAndN = fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe(wilsonInterval.name, () => {
  it.each([
    [17, 20, ['64.0', '94.8']],
    [40, 50, ['67.0', '88.8']],
    [42, 48, ['75.3', '94.1']],
  ])('%i/%i -> %p', (x, n, expected) => {
    expect(pcts(wilsonInterval(x, n))).toEqual(expected);
  });

  it('is exactly 0 or 1 at the edges', () => {
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
  });

  it('narrows with a smaller z', () => {
    const [lo95, hi95] = wilsonInterval(17, 20);
    const [lo90, hi90] = wilsonInterval(17, 20, 1.6448536269514722);

    expect(lo90).toBeGreaterThan(lo95);
    expect(hi90).toBeLessThan(hi95);
  });

  it.each([
    [1, 0],
    [3, 2],
    [-1, 5],
    [1.5, 5],
  ])('refuses x=%p, n=%p', (x, n) => {
    expect(() => wilsonInterval(x, n)).toThrow(RangeError);
  });

  it('contains the point estimate and stays within [0, 1] (property)', () => {
    fc.assert(
      fc.property(xAndN, ([x, n]) => {
        const [lo, hi] = wilsonInterval(x, n);

        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(x / n);
        expect(hi).toBeGreaterThanOrEqual(x / n);
      }),
    );
  });
});

describe(clopperPearsonInterval.name, () => {
  it('17/20 -> 62.1-96.8%', () => {
    expect(pcts(clopperPearsonInterval(17, 20))).toEqual(['62.1', '96.8']);
  });

  it('is exactly 0 or 1 at the edges, with the one-sided tail alpha/2 at the other end', () => {
    // With x = 0 the upper bound solves (1 - p)^n = alpha / 2.
    const [lo, hi] = clopperPearsonInterval(0, 20);

    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(1 - 0.025 ** (1 / 20), 10);
    expect(clopperPearsonInterval(20, 20)[1]).toBe(1);
  });

  it('is wider than Wilson for a typical cohort (it is conservative)', () => {
    const [cpLo, cpHi] = clopperPearsonInterval(40, 50);
    const [wLo, wHi] = wilsonInterval(40, 50);

    expect(cpLo).toBeLessThan(wLo);
    expect(cpHi).toBeGreaterThan(wHi);
  });

  it('contains the point estimate and stays within [0, 1] (property)', () => {
    fc.assert(
      fc.property(xAndN, ([x, n]) => {
        const [lo, hi] = clopperPearsonInterval(x, n);

        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(x / n);
        expect(hi).toBeGreaterThanOrEqual(x / n);
      }),
    );
  });
});

describe(binomialPValueBelow.name, () => {
  it.each([
    [40, 50, 0.209],
    [15, 20, 0.17],
  ])('%i/%i against 85% -> p = %p', (x, n, expected) => {
    expect(binomialPValueBelow(x, n, 0.85)).toBeCloseTo(expected, 2);
  });

  it('is P(X <= x): small when far below the benchmark, 1 at x = n', () => {
    expect(binomialPValueBelow(30, 50, 0.85)).toBeLessThan(0.001);
    expect(binomialPValueBelow(50, 50, 0.85)).toBe(1);
  });

  it('lies in [0, 1] and grows with x (property)', () => {
    fc.assert(
      fc.property(xAndN, fc.double({ min: 0.01, max: 0.99, noNaN: true }), ([x, n], p0) => {
        const sut = binomialPValueBelow(x, n, p0);

        expect(sut).toBeGreaterThanOrEqual(0);
        expect(sut).toBeLessThanOrEqual(1);
        if (x < n) {
          expect(binomialPValueBelow(x + 1, n, p0)).toBeGreaterThanOrEqual(sut);
        }
      }),
    );
  });
});

describe(lossToFollowUpBounds.name, () => {
  it('48 evaluable responders with 42 successes and 12 non-responders -> worst 70%, best 90%', () => {
    const sut = lossToFollowUpBounds(42, 48, 12);

    expect(sut).toEqual({ worstCase: 0.7, bestCase: 0.9 });
  });

  it('is null when there is nobody to count', () => {
    expect(lossToFollowUpBounds(0, 0, 0)).toBeNull();
  });

  it('bounds only non-responders when nobody answered: 0% to 100%', () => {
    expect(lossToFollowUpBounds(0, 0, 7)).toEqual({ worstCase: 0, bestCase: 1 });
  });

  it.each([
    [5, 4, 10],
    [-1, 4, 10],
    [1, 4, 1.5],
  ])('refuses x=%p, n=%p, nonResponders=%p', (x, n, m) => {
    expect(() => lossToFollowUpBounds(x, n, m)).toThrow(RangeError);
  });

  it('brackets the complete-case rate: worst <= x/n <= best (property)', () => {
    const counts = fc
      .integer({ min: 1, max: 500 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n), fc.integer({ min: 0, max: 500 })));

    fc.assert(
      fc.property(counts, ([x, n, m]) => {
        const { worstCase, bestCase } = lossToFollowUpBounds(x, n, m) as { worstCase: number; bestCase: number };

        expect(worstCase).toBeGreaterThanOrEqual(0);
        expect(worstCase).toBeLessThanOrEqual(x / n + 1e-12);
        expect(bestCase).toBeGreaterThanOrEqual(x / n - 1e-12);
        expect(bestCase).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe(detectableShortfallRate.name, () => {
  // Reference values from scipy 1.17 (binom.cdf and brentq): c = the largest x with
  // binom.cdf(x, n, p0) <= 0.05, then the p solving binom.cdf(c, n, p) = 0.8.
  it.each([
    [17, 0.85, 0.5749349052010594],
    [20, 0.85, 0.5816222255529565],
    [50, 0.85, 0.6948007903127462],
    [100, 0.9, 0.811818177007116],
    [5, 0.85, 0.3265979378414054],
  ])('n = %p against %p: a true rate below %p is detected 80%% of the time', (n, p0, expected) => {
    expect(detectableShortfallRate(n, p0)).toBeCloseTo(expected, 9);
  });

  it('is null when no count could be significant (n = 1 against 50%)', () => {
    expect(detectableShortfallRate(1, 0.5)).toBeNull();
  });

  it('gives the test 80% power at that rate and rises towards p0 as n grows (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 400 }), fc.double({ min: 0.6, max: 0.95, noNaN: true }), (n, p0) => {
        const sut = detectableShortfallRate(n, p0) as number;
        expect(sut).toBeGreaterThan(0);
        expect(sut).toBeLessThan(p0);
        expect(detectableShortfallRate(n * 4, p0) as number).toBeGreaterThanOrEqual(sut - 0.02);
      }),
      { numRuns: 50 },
    );
  });
});

describe(rateStat.name, () => {
  it('gives the dashboard figures for 42/48 of 60 eligible', () => {
    const sut = rateStat({ x: 42, n: 48, eligible: 60, responded: 48, benchmark: 0.85 });

    expect(sut.rate).toBe(0.875);
    expect(pcts(sut.ci95!)).toEqual(['75.3', '94.1']);
    expect(sut.pValue).toBeCloseTo(binomialPValueBelow(42, 48, 0.85), 15);
    expect(sut.worstCase).toBeCloseTo(0.7, 15);
    expect(sut.bestCase).toBeCloseTo(0.9, 15);
    expect(sut.insufficient).toBe(false);
  });

  it('leaves non-evaluable responders out of the bounds (contract: x/(n+m), (x+m)/(n+m))', () => {
    // 50 responded but only 40 are evaluable (10 have no baseline): 38/40 = 95% observed; m = 60 - 50.
    const sut = rateStat({ x: 38, n: 40, eligible: 60, responded: 50, benchmark: 0.85 });

    expect(sut.worstCase).toBeCloseTo(38 / 50, 15);
    expect(sut.bestCase).toBeCloseTo(48 / 50, 15);
    expect(sut.bestCase!).toBeGreaterThanOrEqual(sut.rate!);
  });

  it(`marks fewer than ${INSUFFICIENT_N} evaluable cases as insufficient`, () => {
    expect(rateStat({ x: 19, n: 19, eligible: 19, responded: 19, benchmark: 0.85 }).insufficient).toBe(true);
    expect(rateStat({ x: 20, n: 20, eligible: 20, responded: 20, benchmark: 0.85 }).insufficient).toBe(false);
  });

  it('carries the Clopper-Pearson interval beside the Wilson one (17/20: 62.1-96.8%)', () => {
    const sut = rateStat({ x: 17, n: 20, eligible: 20, responded: 20, benchmark: 0.85 });
    expect(sut.ci95Exact?.map((v) => Math.round(v * 1000) / 10)).toEqual([62.1, 96.8]);
  });

  it('has no rate, interval or p with n = 0, but still bounds the eligible', () => {
    const sut = rateStat({ x: 0, n: 0, eligible: 12, responded: 0, benchmark: 0.85 });

    expect(sut).toEqual({
      x: 0, n: 0, rate: null, ci95: null, ci95Exact: null, pValue: null, detectableRate: null, worstCase: 0, bestCase: 1, insufficient: true,
    });
  });

  it('has no bounds when nobody is eligible', () => {
    const sut = rateStat({ x: 0, n: 0, eligible: 0, responded: 0, benchmark: 0.9 });

    expect(sut.worstCase).toBeNull();
    expect(sut.bestCase).toBeNull();
  });

  it.each([
    [{ x: 5, n: 4, eligible: 10, responded: 4 }],
    [{ x: 1, n: 5, eligible: 10, responded: 4 }],
    [{ x: 1, n: 4, eligible: 3, responded: 4 }],
    [{ x: 1, n: 4, eligible: 10, responded: 4, benchmark: 1.2 }],
  ])('refuses inconsistent counts %p', (counts) => {
    expect(() => rateStat({ benchmark: 0.85, ...counts })).toThrow(RangeError);
  });

  it('keeps worst <= rate <= best and the rate inside its interval (property)', () => {
    const counts = fc
      .integer({ min: 1, max: 300 })
      .chain((eligible) => fc.tuple(fc.integer({ min: 1, max: eligible }), fc.constant(eligible)))
      .chain(([responded, eligible]) => fc.tuple(fc.integer({ min: 1, max: responded }), fc.constant(responded), fc.constant(eligible)))
      .chain(([n, responded, eligible]) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n), fc.constant(responded), fc.constant(eligible)));

    fc.assert(
      fc.property(counts, ([x, n, responded, eligible]) => {
        const sut = rateStat({ x, n, eligible, responded, benchmark: 0.85 });

        expect(sut.worstCase!).toBeLessThanOrEqual(sut.rate! + 1e-12);
        expect(sut.bestCase!).toBeGreaterThanOrEqual(sut.rate! - 1e-12);
        expect(sut.ci95![0]).toBeLessThanOrEqual(sut.rate!);
        expect(sut.ci95![1]).toBeGreaterThanOrEqual(sut.rate!);
      }),
    );
  });
});
