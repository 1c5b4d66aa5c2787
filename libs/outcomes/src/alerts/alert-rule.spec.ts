import type { Answers } from '@stride/contracts';
import fc from 'fast-check';
import { alertFindings } from './alert-rule';

describe(alertFindings.name, () => {
  const sut = alertFindings;
  const kinds = (...args: Parameters<typeof alertFindings>): string[] => sut(...args).map((f) => f.kind);
  const baseline: Answers = { legPain: 5, backPain: 5, walkingDistance: 3 };
  const fine: Answers = { legPain: 2, backPain: 2, walkingDistance: 3, satisfaction: 4 };

  it('raises nothing for a good response', () => {
    expect(sut('6w', fine, baseline)).toEqual([]);
  });

  describe('leg pain', () => {
    it.each([
      [6, []], // +1: not yet
      [7, ['leg_pain_worse']], // +2: the boundary
      [10, ['leg_pain_worse']],
      [5, []], // unchanged
    ])('at %p against baseline 5 -> %p', (legPain, expected) => {
      expect(kinds('3m', { ...fine, legPain }, baseline)).toEqual(expected);
    });

    it('says the two values', () => {
      expect(sut('2w', { ...fine, legPain: 8 }, baseline)).toEqual([{ kind: 'leg_pain_worse', detail: 'Leg pain 8 vs 5 at baseline' }]);
    });

    it('alerts from a baseline of 0 at 2', () => {
      expect(kinds('6m', { ...fine, legPain: 2 }, { ...baseline, legPain: 0 })).toEqual(['leg_pain_worse']);
    });
  });

  describe('walking distance', () => {
    it.each([
      [2, []], // down 1 bin
      [1, ['walking_worse']], // down 2 bins: the boundary
      [0, ['walking_worse']],
      [4, []], // better
    ])('bin %p against baseline bin 3 -> %p', (walkingDistance, expected) => {
      expect(kinds('6w', { ...fine, walkingDistance }, baseline)).toEqual(expected);
    });

    it('names the bins', () => {
      expect(sut('6w', { ...fine, walkingDistance: 1 }, baseline)[0].detail).toBe('Walking distance 50-200 m vs 1-2 km at baseline');
    });
  });

  describe('satisfaction', () => {
    it.each([
      [1, ['dissatisfied']],
      [2, ['dissatisfied']], // the boundary
      [3, []], // neutral is not an alert
      [5, []],
    ])('%p -> %p', (satisfaction, expected) => {
      expect(kinds('6m', { ...fine, satisfaction }, baseline)).toEqual(expected);
    });

    it('needs no baseline', () => {
      expect(sut('2w', { ...fine, satisfaction: 2 }, null)).toEqual([{ kind: 'dissatisfied', detail: 'Satisfaction 2 of 5 (somewhat dissatisfied)' }]);
    });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['without leg pain or walking distance', { backPain: 5 }],
  ])('without a baseline (%s) only satisfaction can alert', (_case, before) => {
    expect(kinds('3m', { legPain: 10, walkingDistance: 0, satisfaction: 1 }, before)).toEqual(['dissatisfied']);
  });

  it('a follow-up without the item raises nothing for it', () => {
    expect(kinds('3m', { backPain: 9 }, baseline)).toEqual([]);
  });

  it('the baseline row itself never alerts, whatever it says', () => {
    expect(sut('baseline', { legPain: 10, walkingDistance: 0, satisfaction: 1 }, { legPain: 0, walkingDistance: 4 })).toEqual([]);
    expect(sut('baseline', { legPain: 10, walkingDistance: 0 }, null)).toEqual([]);
  });

  it('reports every kind that applies, each once', () => {
    expect(kinds('6m', { legPain: 9, walkingDistance: 0, satisfaction: 1 }, baseline)).toEqual(['leg_pain_worse', 'walking_worse', 'dissatisfied']);
  });

  it('agrees with the thresholds on every complete answer (property)', () => {
    const pain = fc.integer({ min: 0, max: 10 });
    const bin = fc.integer({ min: 0, max: 4 });
    const sat = fc.integer({ min: 1, max: 5 });
    fc.assert(
      fc.property(pain, bin, pain, bin, sat, (legBefore, walkBefore, legAfter, walkAfter, satisfaction) => {
        const found = kinds('6w', { legPain: legAfter, walkingDistance: walkAfter, satisfaction }, { legPain: legBefore, walkingDistance: walkBefore });
        expect(found.includes('leg_pain_worse')).toBe(legAfter - legBefore >= 2);
        expect(found.includes('walking_worse')).toBe(walkBefore - walkAfter >= 2);
        expect(found.includes('dissatisfied')).toBe(satisfaction <= 2);
      }),
    );
  });
});
