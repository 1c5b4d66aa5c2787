import type { OutcomeDefinition, OutcomeInput } from './types';

// Satisfied v1 (DESIGN.md, "Definitions"): 4 or 5 on the 5-point satisfaction item, i.e. "somewhat" or
// "very" satisfied. The top-two-box convention is how surgical satisfaction rates such as the 90%
// benchmark are usually reported; a neutral 3 is not counted as satisfied.
function evaluateSatisfiedV1({ followUp }: OutcomeInput): boolean | null {
  const value = followUp.satisfaction;
  if (typeof value !== 'number') {
    return null;
  }
  return value >= 4;
}

export const SATISFIED_V1: OutcomeDefinition = Object.freeze({
  name: 'satisfied',
  version: 'v1',
  description: 'Post-operative satisfaction with the result of surgery is 4 or 5 on a 1-5 scale. Not evaluable when unanswered.',
  evaluate: evaluateSatisfiedV1,
});
