import type { Answers } from '@stride/contracts';
import { SATISFIED_V1 } from './definitions/satisfied';
import type { OutcomeDefinition } from './definitions/types';
import { rateStat } from './stats/proportion';
import { type PatientAtTimepoint, summarizeTimepoint, walkingDistanceBins } from './summary';

const benchmarks = { success: 0.85, satisfaction: 0.9 };
const answers = (legPain: number, walkingDistance: number, satisfaction?: number): Answers => ({
  legPain,
  backPain: 3,
  walkingDistance,
  ...(satisfaction === undefined ? {} : { satisfaction }),
});

describe(walkingDistanceBins.name, () => {
  it('counts answers per bin 0-4, skipping unanswered', () => {
    expect(walkingDistanceBins([0, 4, 4, null, 2, undefined, 4])).toEqual([1, 0, 1, 0, 3]);
    expect(walkingDistanceBins([])).toEqual([0, 0, 0, 0, 0]);
  });

  it.each([5, -1, 1.5])('refuses %p', (value) => {
    expect(() => walkingDistanceBins([value])).toThrow(RangeError);
  });
});

describe(summarizeTimepoint.name, () => {
  const patients: PatientAtTimepoint[] = [
    { baseline: answers(8, 0), response: answers(2, 2, 5) }, // success, satisfied; change -6
    { baseline: answers(6, 4), response: answers(4, 4, 4) }, // success (stayed in bin 4), satisfied; -2
    { baseline: answers(7, 1), response: answers(5, 2, 3) }, // 29%: not a success; not satisfied; -2
    { baseline: null, response: answers(1, 3, 5) }, // no baseline: success not evaluable; satisfied
    { baseline: answers(9, 0), response: null }, // eligible, did not respond
  ];

  it('summarises a post-operative time point from the patients answers', () => {
    const sut = summarizeTimepoint({ timepoint: '6m', patients, benchmarks });

    expect(sut).toMatchObject({ timepoint: '6m', eligible: 5, responded: 4, responseRate: 0.8 });
    expect(sut.success).toEqual(rateStat({ x: 2, n: 3, eligible: 5, responded: 4, benchmark: 0.85 }));
    expect(sut.satisfaction).toEqual(rateStat({ x: 3, n: 4, eligible: 5, responded: 4, benchmark: 0.9 }));
    // One non-responder (m = 1); the responder without a baseline is in neither n nor m.
    expect([sut.success.worstCase, sut.success.bestCase]).toEqual([2 / 4, 3 / 4]);
    expect([sut.satisfaction.worstCase, sut.satisfaction.bestCase]).toEqual([3 / 5, 4 / 5]);
    expect(sut.legPain.mean).toBe(3);
    expect(sut.legPain.meanChange).toBeCloseTo(-10 / 3, 12);
    expect(sut.walkingDistance.bins).toEqual([0, 0, 2, 1, 1]);
  });

  it('has no success, satisfaction or change at baseline', () => {
    const sut = summarizeTimepoint({
      timepoint: 'baseline',
      patients: [
        { baseline: answers(8, 0), response: answers(8, 0) },
        { baseline: null, response: null },
      ],
      benchmarks,
    });

    expect(sut.responseRate).toBe(0.5);
    expect(sut.success).toMatchObject({ n: 0, rate: null, worstCase: null, bestCase: null, insufficient: true });
    expect(sut.satisfaction.n).toBe(0);
    expect(sut.legPain).toEqual({ mean: 8, ci95: null, meanChange: null, changeCi95: null });
  });

  it('has no response rate for an empty cohort', () => {
    const sut = summarizeTimepoint({ timepoint: '3m', patients: [], benchmarks });

    expect(sut.responseRate).toBeNull();
    expect(sut.success.rate).toBeNull();
  });

  it('uses the definitions it is given', () => {
    const alwaysSuccess: OutcomeDefinition = { name: 'success', version: 'test', description: 'test', evaluate: () => true };

    const sut = summarizeTimepoint({ timepoint: '6m', patients, benchmarks, definitions: { success: alwaysSuccess, satisfied: SATISFIED_V1 } });

    expect(sut.success).toMatchObject({ x: 4, n: 4 });
  });
});
