import type { Answers } from '@stride/contracts';
import fc from 'fast-check';
import { SUCCESS_V1 } from './success';

describe('SUCCESS_V1', () => {
  const sut = (baseline: Answers | null | undefined, followUp: Answers): boolean | null =>
    SUCCESS_V1.evaluate({ baseline, followUp });
  const at = (legPain: number, walkingDistance: number): Answers => ({ legPain, walkingDistance });

  it('is success-v1', () => {
    expect([SUCCESS_V1.name, SUCCESS_V1.version]).toEqual(['success', 'v1']);
  });

  it.each([
    ['exactly 2 points and 33%', at(6, 1), at(4, 2), true],
    ['exactly 30% (10 to 7), which floating point 0.3 * 10 would fail', at(10, 1), at(7, 2), true],
    ['exactly 2 points but only 29% (7 to 5)', at(7, 1), at(5, 2), false],
    ['2 points but only 20% (10 to 8)', at(10, 1), at(8, 2), false],
    ['67% but exactly 2 points (3 to 1)', at(3, 1), at(1, 2), true],
    ['1 point, 50% (2 to 1)', at(2, 1), at(1, 2), false],
    ['1.9 points (5 to 3.1)', at(5, 1), at(3.1, 2), false],
    ['baseline leg pain 0: cannot improve, so not a success', at(0, 1), at(0, 2), false],
    ['baseline leg pain 1: cannot improve by 2', at(1, 1), at(0, 2), false],
    ['leg pain worse', at(5, 1), at(8, 3), false],
  ])('leg pain: %s -> %p', (_case, baseline, followUp, expected) => {
    expect(sut(baseline, followUp)).toBe(expected);
  });

  it.each([
    ['improved by one bin', 2, 3, true],
    ['improved from the bottom to the top bin', 0, 4, true],
    ['stayed in bin 4 (> 2 km), which cannot improve', 4, 4, true],
    ['stayed in bin 3', 3, 3, false],
    ['fell from bin 4', 4, 3, false],
    ['got worse', 2, 1, false],
  ])('walking distance: %s -> %p', (_case, before, after, expected) => {
    expect(sut(at(8, before), at(2, after))).toBe(expected);
  });

  it.each([
    ['no baseline (null)', null, at(2, 3)],
    ['no baseline (undefined)', undefined, at(2, 3)],
    ['baseline without leg pain', { walkingDistance: 1 }, at(2, 3)],
    ['baseline with null walking distance', { legPain: 8, walkingDistance: null }, at(2, 3)],
    ['follow-up without leg pain', at(8, 1), { walkingDistance: 3 }],
    ['follow-up without walking distance', at(8, 1), { legPain: 2, satisfaction: 5 }],
  ])('is not evaluable with %s', (_case, baseline, followUp) => {
    expect(sut(baseline, followUp)).toBeNull();
  });

  it('ignores back pain and satisfaction', () => {
    expect(sut({ ...at(8, 1), backPain: 2 }, { ...at(2, 3), backPain: 10, satisfaction: 1 })).toBe(true);
  });

  it('is always evaluable with complete answers, and a better follow-up never turns a success into a failure (property)', () => {
    const pain = fc.integer({ min: 0, max: 10 });
    const bin = fc.integer({ min: 0, max: 4 });

    fc.assert(
      fc.property(pain, bin, pain, bin, (legBefore, walkBefore, legAfter, walkAfter) => {
        const result = sut(at(legBefore, walkBefore), at(legAfter, walkAfter));

        expect(result).not.toBeNull();
        if (result) {
          const better = at(Math.max(0, legAfter - 1), Math.min(4, walkAfter + 1));
          expect(sut(at(legBefore, walkBefore), better)).toBe(true);
          expect(legBefore - legAfter).toBeGreaterThanOrEqual(2);
          expect((legBefore - legAfter) / legBefore).toBeGreaterThanOrEqual(0.3 - 1e-12);
        }
      }),
    );
  });
});
