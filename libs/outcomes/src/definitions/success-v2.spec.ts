import type { Answers } from '@stride/contracts';
import fc from 'fast-check';
import { SUCCESS_V1 } from './success';
import { SUCCESS_V2 } from './success-v2';

describe('SUCCESS_V2', () => {
  const v2 = (baseline: Answers | null, followUp: Answers): boolean | null => SUCCESS_V2.evaluate({ baseline, followUp });
  const v1 = (baseline: Answers | null, followUp: Answers): boolean | null => SUCCESS_V1.evaluate({ baseline, followUp });
  const at = (legPain: number, walkingDistance: number): Answers => ({ legPain, walkingDistance });

  it('is success-v2', () => {
    expect([SUCCESS_V2.name, SUCCESS_V2.version]).toEqual(['success', 'v2']);
  });

  it.each([
    // baseline, follow-up, v1, v2
    ['baseline 0, no change: v1 failure, v2 not evaluable', at(0, 1), at(0, 2), false, null],
    ['baseline 1 to 0: cannot fall by 2', at(1, 1), at(0, 2), false, null],
    ['baseline 2 to 0 (2 points, 100%): a v1 success, still not evaluable in v2', at(2, 1), at(0, 2), true, null],
    ['baseline 2 to 1: v1 failure, v2 not evaluable', at(2, 1), at(1, 2), false, null],
    ['baseline 3 to 1 (2 points, 67%): evaluable and a success', at(3, 1), at(1, 2), true, true],
    ['baseline 3 to 2 (1 point): evaluable and a failure', at(3, 1), at(2, 2), false, false],
    ['baseline 3 to 1 but walking worse: a failure', at(3, 2), at(1, 1), false, false],
    ['baseline 10 to 7 (3 points, exactly 30%): a success', at(10, 1), at(7, 2), true, true],
    ['baseline 10 to 8 (20%): a failure', at(10, 1), at(8, 2), false, false],
    ['baseline 7 to 5 (29%): a failure', at(7, 1), at(5, 2), false, false],
  ])('%s', (_case, baseline, followUp, expectedV1, expectedV2) => {
    expect(v1(baseline, followUp)).toBe(expectedV1);
    expect(v2(baseline, followUp)).toBe(expectedV2);
  });

  it('is not evaluable without a baseline or a needed answer, as v1', () => {
    expect(v2(null, at(2, 3))).toBeNull();
    expect(v2({ legPain: 8 }, at(2, 3))).toBeNull();
    expect(v2(at(8, 1), { legPain: 2 })).toBeNull();
  });

  it('agrees with v1 whenever the baseline leg pain is 3 or more, and is null below 3', () => {
    const answers = fc.record({ legPain: fc.integer({ min: 0, max: 10 }), walkingDistance: fc.integer({ min: 0, max: 4 }) });
    fc.assert(
      fc.property(answers, answers, (baseline, followUp) => {
        const expected = (baseline.legPain as number) < 3 ? null : v1(baseline, followUp);
        expect(v2(baseline, followUp)).toBe(expected);
      }),
      { seed: 20261207, numRuns: 2000 },
    );
  });
});
