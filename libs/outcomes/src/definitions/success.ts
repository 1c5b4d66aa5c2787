import type { Answers } from '@stride/contracts';
import type { OutcomeDefinition, OutcomeInput } from './types';

// Success v1 (DESIGN.md, "Definitions"). Both conditions must hold at a post-operative time point:
//
// 1. Leg pain improved by >= 2 points AND by >= 30% of baseline. Ostelo 2008 (Spine 33:90-94): the minimal
//    important change for a 0-10 pain NRS is 2 points or 30%; requiring both guards against a 2-point drop
//    from a high baseline being called a success on its own, and a 30% drop of a small number likewise.
// 2. Walking distance improved by >= 1 bin, or stayed in the top bin (> 2 km or unlimited), which cannot
//    improve further. Walking distance is the defining limitation of neurogenic claudication.
//
// Decisions this version makes, fixed forever for "success-v1":
// - Baseline leg pain 0 or 1 cannot improve by 2 points, so the case is evaluable and NOT a success. It is
//   kept in the denominator rather than dropped: silently excluding patients flatters a cohort, and the
//   research export carries the baseline so a researcher can exclude such cases explicitly.
// - Without a baseline, or with any of the four needed answers missing, the case is not evaluable (null).
// - The 30% test is done in integers (10 x drop >= 3 x baseline): 0.3 * 10 is 3.0000000000000004 in
//   floating point, which would wrongly fail a patient going from 10 to 7.

const MIN_LEG_PAIN_DROP = 2;
const TOP_WALKING_BIN = 4;

function evaluateSuccessV1({ baseline, followUp }: OutcomeInput): boolean | null {
  if (!baseline) {
    return null;
  }
  const legBefore = valueOf(baseline, 'legPain');
  const legAfter = valueOf(followUp, 'legPain');
  const walkBefore = valueOf(baseline, 'walkingDistance');
  const walkAfter = valueOf(followUp, 'walkingDistance');
  if (legBefore === null || legAfter === null || walkBefore === null || walkAfter === null) {
    return null;
  }
  const drop = legBefore - legAfter;
  const legPainImproved = drop >= MIN_LEG_PAIN_DROP && 10 * drop >= 3 * legBefore;
  const walkingImproved = walkAfter - walkBefore >= 1 || (walkBefore === TOP_WALKING_BIN && walkAfter === TOP_WALKING_BIN);
  return legPainImproved && walkingImproved;
}

function valueOf(answers: Answers, key: keyof Answers): number | null {
  const value = answers[key];
  return typeof value === 'number' ? value : null;
}

export const SUCCESS_V1: OutcomeDefinition = Object.freeze({
  name: 'success',
  version: 'v1',
  description:
    'Post-operative, against baseline: leg pain improved by at least 2 points and at least 30% of baseline, ' +
    'and walking distance improved by at least one bin or stayed in the top bin (> 2 km). ' +
    'Not evaluable without a baseline.',
  evaluate: evaluateSuccessV1,
});
