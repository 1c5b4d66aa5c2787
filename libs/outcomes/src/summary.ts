import { SUCCESS_V1 } from './definitions/success';
import type { Answers, Timepoint, TimepointSummary } from '@stride/contracts';
import { CURRENT_DEFINITIONS, type CurrentDefinitions } from './definitions/registry';
import type { OutcomeDefinition } from './definitions/types';
import { meanStat } from './stats/mean';
import { rateStat } from './stats/proportion';

// Optional convenience: the whole TimepointSummary from per-patient answers. The API may build the same
// shape from SQL aggregates with rateStat/meanStat; this function is the reference that the
// reproducibility rule (DESIGN.md: every dashboard number can be recomputed from the research export)
// can be tested against, since the export carries exactly these answers.

export const WALKING_BINS = 5;

/**
 * Counts per walking-distance bin (n0..n4). Unanswered values are skipped.
 * @throws RangeError on a value that is not a bin 0-4.
 */
export function walkingDistanceBins(values: readonly (number | null | undefined)[]): number[] {
  const bins = new Array<number>(WALKING_BINS).fill(0);
  for (const value of values) {
    if (value === null || value === undefined) {
      continue;
    }
    if (!Number.isInteger(value) || value < 0 || value >= WALKING_BINS) {
      throw new RangeError(`walkingDistance must be a bin from 0 to 4, got ${value}`);
    }
    bins[value] += 1;
  }
  return bins;
}

export interface PatientAtTimepoint {
  /** The patient's baseline answers, if they have any. */
  baseline: Answers | null;
  /** The answers at this time point; null when the patient was eligible but did not respond. */
  response: Answers | null;
  /** Set for a non-responder whose follow-up was stopped; they stay eligible. */
  stopReason?: 'withdrawn' | 'opted_out' | null;
}

export interface SummarizeTimepointInput {
  timepoint: Timepoint;
  /** Every patient eligible at this time point (window closed or answered), responder or not. */
  patients: readonly PatientAtTimepoint[];
  benchmarks: { success: number; satisfaction: number };
  definitions?: CurrentDefinitions;
  /** Invitations left out because the patient died (they are not in `patients`). */
  deceased?: number;
}

export function summarizeTimepoint({
  timepoint,
  patients,
  benchmarks,
  definitions = CURRENT_DEFINITIONS,
  deceased = 0,
}: SummarizeTimepointInput): TimepointSummary {
  const eligible = patients.length;
  const responders = patients.filter(
    (p): p is { baseline: Answers | null; response: Answers } => p.response !== null,
  );
  const responded = responders.length;
  const postOp = timepoint !== 'baseline';

  const legPain = responders.map((p) => p.response.legPain).filter(isNumber);
  // Change is follow-up minus baseline, so an improvement is negative. At baseline there is no change.
  const legPainChanges = postOp
    ? responders.flatMap((p) => {
        const before = p.baseline?.legPain;
        const after = p.response.legPain;
        return isNumber(before) && isNumber(after) ? [after - before] : [];
      })
    : [];

  return {
    timepoint,
    eligible,
    responded,
    responseRate: eligible > 0 ? responded / eligible : null,
    success: rate(definitions.success, responders, eligible, benchmarks.success, postOp),
    satisfaction: rate(definitions.satisfied, responders, eligible, benchmarks.satisfaction, postOp),
    legPain: meanStat(legPain, legPainChanges),
    walkingDistance: { bins: walkingDistanceBins(responders.map((p) => p.response.walkingDistance)) },
    deceased,
    stopped: {
      withdrawn: patients.filter((p) => p.stopReason === 'withdrawn').length,
      optedOut: patients.filter((p) => p.stopReason === 'opted_out').length,
    },
    // Evaluable under v1 but not under the definition used: success v2's low-baseline exclusion.
    notEvaluableLowBaseline: postOp
      ? responders.filter((p) => {
          const input = { baseline: p.baseline, followUp: p.response };
          return SUCCESS_V1.evaluate(input) !== null && definitions.success.evaluate(input) === null;
        }).length
      : 0,
  };
}

function rate(
  definition: OutcomeDefinition,
  responders: readonly { baseline: Answers | null; response: Answers }[],
  eligible: number,
  benchmark: number,
  postOp: boolean,
): TimepointSummary['success'] {
  if (!postOp) {
    // Both definitions are post-operative: at baseline nobody is eligible, so no rate and no bounds
    // (rather than a meaningless 0%-100% loss-to-follow-up range).
    return rateStat({ x: 0, n: 0, eligible: 0, responded: 0, benchmark });
  }
  let x = 0;
  let n = 0;
  for (const { baseline, response } of responders) {
    const outcome = definition.evaluate({ baseline, followUp: response });
    if (outcome !== null) {
      n += 1;
      x += outcome ? 1 : 0;
    }
  }
  return rateStat({ x, n, eligible, responded: responders.length, benchmark });
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number';
}
