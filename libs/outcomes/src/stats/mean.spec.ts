import fc from 'fast-check';
import { meanStat, meanWithCi } from './mean';

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
