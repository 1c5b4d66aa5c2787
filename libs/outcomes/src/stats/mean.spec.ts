import fc from 'fast-check';
import { type Moments, meanStat, meanStatFromMoments, meanWithCi, meanWithCiFromMoments } from './mean';

describe(meanWithCi.name, () => {
  it('uses the t distribution: 1, 2, 3, 4 -> 2.5 (0.45 to 4.55)', () => {
    // t(0.975, 3) = 3.182446; sd = 1.290994; half-width = 3.182446 * 1.290994 / 2 = 2.054260.
    const sut = meanWithCi([1, 2, 3, 4]);

    expect(sut.mean).toBe(2.5);
    expect(sut.ci95![0]).toBeCloseTo(0.44574, 5);
    expect(sut.ci95![1]).toBeCloseTo(4.55426, 5);
  });

  it('has no mean without values and no interval with one value', () => {
    expect(meanWithCi([])).toEqual({ mean: null, ci95: null });
    expect(meanWithCi([7])).toEqual({ mean: 7, ci95: null });
  });

  it('gives a zero-width interval when every value is the same', () => {
    expect(meanWithCi([3, 3, 3])).toEqual({ mean: 3, ci95: [3, 3] });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (value) => {
    expect(() => meanWithCi([1, value])).toThrow(RangeError);
  });

  it('gives an interval centred on the mean (property)', () => {
    const values = fc.array(fc.integer({ min: -10, max: 10 }), { minLength: 2, maxLength: 200 });

    fc.assert(
      fc.property(values, (xs) => {
        const { mean, ci95 } = meanWithCi(xs);

        expect(ci95![0]).toBeLessThanOrEqual(mean!);
        expect(ci95![1]).toBeGreaterThanOrEqual(mean!);
        expect(mean! - ci95![0]).toBeCloseTo(ci95![1] - mean!, 9);
      }),
    );
  });
});

describe(meanStat.name, () => {
  it('summarises the level and the change separately', () => {
    const sut = meanStat([2, 3, 4], [-6, -5, -4]);

    expect(sut.mean).toBe(3);
    expect(sut.meanChange).toBe(-5);
    expect(sut.ci95![1] - sut.ci95![0]).toBeCloseTo(sut.changeCi95![1] - sut.changeCi95![0], 12);
  });

  it('has no change without paired baselines', () => {
    expect(meanStat([4], [])).toEqual({ mean: 4, ci95: null, meanChange: null, changeCi95: null });
  });
});

const moments = (xs: readonly number[]): Moments => ({
  n: xs.length,
  sum: xs.reduce((sum, x) => sum + x, 0),
  sumSquares: xs.reduce((sum, x) => sum + x * x, 0),
});

/** Equal to 1e-9: the same nulls, and numbers within 1e-9 of each other. */
function expectSameStat(actual: unknown, expected: unknown): void {
  if (typeof expected === 'number') {
    expect(typeof actual).toBe('number');
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9);
  } else if (Array.isArray(expected)) {
    expect(actual).toHaveLength(expected.length);
    expected.forEach((e, i) => expectSameStat((actual as unknown[])[i], e));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) expectSameStat((actual as Record<string, unknown>)[key], value);
  } else {
    expect(actual).toBe(expected);
  }
}

describe(meanWithCiFromMoments.name, () => {
  it('gives the worked example from its moments: n 4, sum 10, sum of squares 30 -> 2.5 (0.45 to 4.55)', () => {
    const sut = meanWithCiFromMoments({ n: 4, sum: 10, sumSquares: 30 });

    expect(sut.mean).toBe(2.5);
    expect(sut.ci95![0]).toBeCloseTo(0.44574, 5);
    expect(sut.ci95![1]).toBeCloseTo(4.55426, 5);
  });

  it('has no mean without values, no interval with one, and a zero-width one for a constant sample', () => {
    expect(meanWithCiFromMoments({ n: 0, sum: 0, sumSquares: 0 })).toEqual({ mean: null, ci95: null });
    expect(meanWithCiFromMoments({ n: 1, sum: 7, sumSquares: 49 })).toEqual({ mean: 7, ci95: null });
    expect(meanWithCiFromMoments({ n: 3, sum: 9, sumSquares: 27 })).toEqual({ mean: 3, ci95: [3, 3] });
    expect(meanWithCiFromMoments(moments([0.1, 0.1, 0.1])).ci95![1]).toBeCloseTo(0.1, 12);
  });

  it.each([
    { n: 2.5, sum: 1, sumSquares: 1 },
    { n: -1, sum: 1, sumSquares: 1 },
    { n: 2, sum: Number.NaN, sumSquares: 1 },
    { n: 2, sum: 1, sumSquares: Number.POSITIVE_INFINITY },
  ])('refuses %p', (bad) => {
    expect(() => meanWithCiFromMoments(bad)).toThrow(RangeError);
  });
});

describe(meanStatFromMoments.name, () => {
  it('gives what meanStat gives from the values, to 1e-9 (property: NRS scores and changes)', () => {
    const scores = fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 300 });
    const changes = fc.array(fc.integer({ min: -10, max: 10 }), { maxLength: 300 });

    fc.assert(
      fc.property(scores, changes, (xs, ds) => {
        expectSameStat(meanStatFromMoments(moments(xs), moments(ds)), meanStat(xs, ds));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees on a cohort the size of a large clinic (200,000 scores)', () => {
    const xs = Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 11);
    const ds = xs.map((x, i) => x - ((i * 104_729) % 11));

    expectSameStat(meanStatFromMoments(moments(xs), moments(ds)), meanStat(xs, ds));
  });

  it('agrees on non-integer values of moderate size too (property)', () => {
    const values = fc.array(fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), { maxLength: 100 });

    fc.assert(
      fc.property(values, values, (xs, ds) => {
        expectSameStat(meanStatFromMoments(moments(xs), moments(ds)), meanStat(xs, ds));
      }),
    );
  });
});
