import fc from 'fast-check';
import { scoreOdi } from './odi';

describe(scoreOdi.name, () => {
  it('scores the Fairbank & Pynsent 2000 worked example with all sections: 16/50 = 32%', () => {
    const sut = scoreOdi([2, 2, 2, 2, 2, 2, 1, 1, 1, 1]);

    expect(sut).toEqual({ score: 32, answered: 10 });
  });

  it('scores the worked example with one section missing: 16/45 = 35.6%', () => {
    const sut = scoreOdi([2, 2, 2, 2, 2, 2, 1, null, 2, 1]);

    expect(sut.answered).toBe(9);
    expect(sut.score!.toFixed(1)).toBe('35.6');
  });

  it('still scores with two sections missing (denominator 40)', () => {
    const sut = scoreOdi([5, 5, 5, 5, 0, 0, 0, 0, undefined, null]);

    expect(sut).toEqual({ score: 50, answered: 8 });
  });

  it('does not score with three sections missing', () => {
    const sut = scoreOdi([5, 5, 5, 5, 0, 0, 0, null, null, null]);

    expect(sut).toEqual({ score: null, answered: 7 });
  });

  it('spans 0 to 100', () => {
    expect(scoreOdi(Array(10).fill(0)).score).toBe(0);
    expect(scoreOdi(Array(10).fill(5)).score).toBe(100);
  });

  it.each([[[...Array(9).fill(1)]], [[...Array(11).fill(1)]]])('refuses %p, which is not 10 sections', (sections) => {
    expect(() => scoreOdi(sections)).toThrow(RangeError);
  });

  it.each([6, -1, 2.5, Number.NaN])('refuses a section answer of %p', (value) => {
    expect(() => scoreOdi([value, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(/section 1/);
  });

  it('does not depend on the order of the sections (property)', () => {
    const sections = fc.array(fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), { minLength: 10, maxLength: 10 });

    fc.assert(
      fc.property(sections.chain(withPermutation), ([values, permuted]) => {
        const sut = scoreOdi(permuted);

        expect(sut).toEqual(scoreOdi(values));
        if (sut.score !== null) {
          expect(sut.score).toBeGreaterThanOrEqual(0);
          expect(sut.score).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
});

function withPermutation<T>(values: T[]): fc.Arbitrary<[T[], T[]]> {
  return fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }));
}
