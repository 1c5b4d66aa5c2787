import type { OutcomeDefinition, OutcomeInput } from './types';
import { SUCCESS_V1 } from './success';

// Success v2 (issue #8). Success v1, except that a case whose baseline leg pain is below 3 is not
// evaluable. From 0 or 1 a 2-point improvement is impossible, and from 2 the only success is no
// pain at all, so v1 counted such patients (about 14% of stenosis patients have leg pain of 3 or
// less before surgery in Swespine) as failures the operation never had a chance to avoid. v2 leaves
// them out of n, and the summary counts them (notEvaluableLowBaseline) so the exclusion is seen.
// Everything else is v1's rule, by calling it: v1 stays the one owner of the thresholds.

/** Below this baseline leg pain (0-10) a case is not evaluable for success v2. */
export const SUCCESS_V2_MIN_BASELINE_LEG_PAIN = 3;

function evaluateSuccessV2(input: OutcomeInput): boolean | null {
  const v1 = SUCCESS_V1.evaluate(input);
  if (v1 === null) return null;
  const before = input.baseline?.legPain;
  return typeof before === 'number' && before < SUCCESS_V2_MIN_BASELINE_LEG_PAIN ? null : v1;
}

export const SUCCESS_V2: OutcomeDefinition = Object.freeze({
  name: 'success',
  version: 'v2',
  description:
    'Post-operative, against baseline: leg pain improved by at least 2 points and at least 30% of baseline, ' +
    'and walking distance improved by at least one bin or stayed in the top bin (> 2 km). ' +
    'Not evaluable without a baseline, or with baseline leg pain below 3 (such cases are counted separately).',
  evaluate: evaluateSuccessV2,
});
