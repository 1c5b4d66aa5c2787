import fc from 'fast-check';
import { ZCQ_ITEMS, scoreZcq, zcqItemsOf } from './zcq';

describe(scoreZcq.name, () => {
  const symptomSeverity = [3, 3, 4, 4, 2, 2, 3];
  const physicalFunction = [2, 2, 3, 3, 4];
  const satisfaction = [1, 1, 2, 2, 1, 2];

  it('scores each subscale as the mean of its items', () => {
    const sut = scoreZcq({ symptomSeverity, physicalFunction, satisfaction });

    expect(sut.symptomSeverity).toBeCloseTo(21 / 7, 12);
    expect(sut.physicalFunction).toBeCloseTo(14 / 5, 12);
    expect(sut.satisfaction).toBeCloseTo(9 / 6, 12);
  });

  it('leaves satisfaction unscored when it was not asked (baseline)', () => {
    const sut = scoreZcq({ symptomSeverity, physicalFunction });

    expect(sut.satisfaction).toBeNull();
    expect(sut.symptomSeverity).not.toBeNull();
  });

  it('averages the answered items when up to 2, 1 and 1 are missing', () => {
    const sut = scoreZcq({
      symptomSeverity: [5, null, 5, undefined, 1, 1, 3],
      physicalFunction: [4, 4, null, 2, 2],
      satisfaction: [4, 4, 4, 4, 4, null],
    });

    expect(sut).toEqual({ symptomSeverity: 3, physicalFunction: 3, satisfaction: 4 });
  });

  it('does not score a subscale with more than 2, 1 and 1 items missing', () => {
    const sut = scoreZcq({
      symptomSeverity: [5, null, 5, null, 1, null, 3],
      physicalFunction: [4, null, null, 2, 2],
      satisfaction: [4, 4, 4, 4, null, null],
    });

    expect(sut).toEqual({ symptomSeverity: null, physicalFunction: null, satisfaction: null });
  });

  it('keeps item ranges as data: the balance item takes only 1, 3 or 5', () => {
    expect(ZCQ_ITEMS).toHaveLength(18);
    expect(ZCQ_ITEMS[6].values).toEqual([1, 3, 5]);
    expect(scoreZcq({ symptomSeverity: [1, 1, 1, 1, 1, 1, 5], physicalFunction }).symptomSeverity).toBeCloseTo(11 / 7, 12);
    expect(() => scoreZcq({ symptomSeverity: [1, 1, 1, 1, 1, 1, 2], physicalFunction })).toThrow(/item 7 must be one of 1, 3, 5/);
  });

  it.each([
    ['symptom 6', { symptomSeverity: [1, 1, 1, 1, 1, 6, 1], physicalFunction }],
    ['function 5', { symptomSeverity, physicalFunction: [1, 1, 1, 1, 5] }],
    ['satisfaction 0', { symptomSeverity, physicalFunction, satisfaction: [0, 1, 1, 1, 1, 1] }],
    ['too few symptom items', { symptomSeverity: [1, 1, 1], physicalFunction }],
  ])('refuses out-of-range answers: %s', (_case, answers) => {
    expect(() => scoreZcq(answers)).toThrow(RangeError);
  });

  it('does not depend on the order of interchangeable items within a subscale (property)', () => {
    const answer = (values: readonly number[]): fc.Arbitrary<number | null> =>
      fc.option(fc.constantFrom(...values), { nil: null, freq: 4 });
    const items = (subscale: 'physicalFunction' | 'satisfaction'): fc.Arbitrary<(number | null)[]> =>
      fc.tuple(...zcqItemsOf(subscale).map((item) => answer(item.values)));
    // Items 1-6 of symptom severity share one range; the balance item (7) has its own, so it stays put.
    const firstSixSymptoms = fc.tuple(...ZCQ_ITEMS.slice(0, 6).map((item) => answer(item.values)));
    const balance = answer(ZCQ_ITEMS[6].values);

    fc.assert(
      fc.property(
        firstSixSymptoms.chain(withPermutation),
        balance,
        items('physicalFunction').chain(withPermutation),
        items('satisfaction').chain(withPermutation),
        ([symptoms, symptomsPermuted], balanceValue, [fn, fnPermuted], [sat, satPermuted]) => {
          const sut = scoreZcq({
            symptomSeverity: [...symptomsPermuted, balanceValue],
            physicalFunction: fnPermuted,
            satisfaction: satPermuted,
          });

          const original = scoreZcq({ symptomSeverity: [...symptoms, balanceValue], physicalFunction: fn, satisfaction: sat });
          expect(sut).toEqual(original);
          for (const [subscale, min, max] of [
            ['symptomSeverity', 1, 5],
            ['physicalFunction', 1, 4],
            ['satisfaction', 1, 4],
          ] as const) {
            const score = sut[subscale];
            if (score !== null) {
              expect(score).toBeGreaterThanOrEqual(min);
              expect(score).toBeLessThanOrEqual(max);
            }
          }
        },
      ),
    );
  });
});

function withPermutation<T>(values: T[]): fc.Arbitrary<[T[], T[]]> {
  return fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }));
}
