import type { Answers, DefinitionRef } from '@stride/contracts';

/** What a definition looks at: one patient's follow-up answers and, when there is one, their baseline. */
export interface OutcomeInput {
  baseline?: Answers | null;
  followUp: Answers;
}

/**
 * A versioned outcome definition. A published version is never edited: a changed rule is a new version,
 * so every figure and export stamped "success-v1" keeps meaning exactly what it meant.
 */
export interface OutcomeDefinition extends DefinitionRef {
  /** true / false, or null when the case is not evaluable (e.g. no baseline, or a needed answer missing). */
  evaluate(input: OutcomeInput): boolean | null;
}
