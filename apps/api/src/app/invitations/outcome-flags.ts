import type { Answers, DefinitionRef, SuccessDefinition, Timepoint } from '@stride/contracts';
import { SATISFIED_V1, SUCCESS_V1, SUCCESS_V2, type OutcomeDefinition, definitionVersionLabel, toDefinitionRef } from '@stride/outcomes';

/**
 * The outcome flags stored with every response, and where each success definition's flag lives.
 * A response is scored under every success version there is (success v1 in `success`, v2 in
 * `success_v2`), so a figure may be asked for under either without rescoring, and the stamp names
 * every version that scored it. Adding a version means a column, a migration that scores old rows,
 * and a line in each table below.
 */
export const SUCCESS_FLAG_COLUMN: Readonly<Record<SuccessDefinition, 'success' | 'success_v2'>> = Object.freeze({
  'success-v1': 'success',
  'success-v2': 'success_v2',
});

const SUCCESS_BY_NAME: Readonly<Record<SuccessDefinition, OutcomeDefinition>> = Object.freeze({
  'success-v1': SUCCESS_V1,
  'success-v2': SUCCESS_V2,
});

/** The versions that scored a stored response, as its definition_version says. */
export const STORED_DEFINITIONS = [SUCCESS_V1, SUCCESS_V2, SATISFIED_V1].map((d) => `${d.name}-${d.version}`).join(';');

/** The plain shape of a success definition, for responses that name the one they used. */
export function successDefinitionRef(definition: SuccessDefinition): DefinitionRef {
  return toDefinitionRef(SUCCESS_BY_NAME[definition]);
}

/** What an export row says it used: "success-v2;satisfied-v1". */
export function exportDefinitionLabel(definition: SuccessDefinition): string {
  return definitionVersionLabel({ success: SUCCESS_BY_NAME[definition], satisfied: SATISFIED_V1 });
}

export interface OutcomeFlags {
  success: boolean | null;
  successV2: boolean | null;
  satisfied: boolean | null;
  definitionVersion: string;
}

/** Scores a response against the surgery's baseline; a baseline itself has no outcome. */
export function scoreResponse(timepoint: Timepoint, baseline: Answers | null, answers: Answers): OutcomeFlags {
  const postOp = timepoint !== 'baseline';
  return {
    success: postOp ? SUCCESS_V1.evaluate({ baseline, followUp: answers }) : null,
    successV2: postOp ? SUCCESS_V2.evaluate({ baseline, followUp: answers }) : null,
    satisfied: postOp ? SATISFIED_V1.evaluate({ followUp: answers }) : null,
    definitionVersion: STORED_DEFINITIONS,
  };
}
