import type { Timepoint } from '@stride/contracts';
import { PER_TIMEPOINT } from './export-sql';

type Entry = readonly [column: string, type: string, values: string, description: string];

/** What every long-export column means; the timepoint row is filled in from the clinic's configuration. */
const LONG_COLUMNS: readonly Entry[] = [
  ['subject_id', 'string', 'S-XXXXXXXX', 'Random pseudonym of the patient; stable across exports; not derived from the MRN'],
  ['surgeon_code', 'string', 'SG-XXXXXX', 'Random pseudonym of the operating surgeon'],
  ['procedure', 'category', 'laminectomy | endoscopic_decompression | other', 'Decompression procedure'],
  ['age_at_surgery', 'integer', '18-90', 'Whole years at the surgery date; 90 means 90 or older'],
  ['timepoint', 'category', '', ''],
  ['status', 'category', 'completed | missed | cancelled | sent | reminded | pending | failed | unknown', 'Invitation state at export time; cancelled means follow-up was stopped (see stop_reason)'],
  ['days_from_surgery', 'integer', '', 'Days from the surgery date to the collection of the response (negative before surgery); empty when unanswered'],
  ['mode', 'category', 'web | paper | phone | clinic', 'How the response was collected'],
  ['leg_pain', 'integer', '0-10', 'Average leg pain over the past week (numeric rating scale)'],
  ['back_pain', 'integer', '0-10', 'Average back pain over the past week (numeric rating scale)'],
  ['walking_distance', 'ordinal', '0-4', 'Walking distance before leg symptoms stop the patient: 0 <50 m, 1 50-200 m, 2 200 m-1 km, 3 1-2 km, 4 >2 km or unlimited'],
  ['satisfaction', 'ordinal', '1-5', 'Satisfaction with the result of surgery, 1 very dissatisfied to 5 very satisfied (post-op only)'],
  ['success', 'binary', '1 | 0 | empty', 'Success under the version in definition_version (success-v2 unless definition=success-v1 was asked for): leg pain improved by >=2 points and >=30% of baseline, and walking distance improved >=1 bin or stayed at bin 4; empty when not evaluable (no baseline; in v2 also baseline leg pain below 3)'],
  ['satisfied', 'binary', '1 | 0 | empty', 'Satisfied v1: satisfaction 4 or 5; empty when not answered'],
  ['definition_version', 'string', 'success-v2;satisfied-v1 | success-v1;satisfied-v1', 'Versions of the outcome definitions that produced success and satisfied on this row; empty when unanswered'],
  ['stop_reason', 'category', 'withdrawn | opted_out | empty', 'Why follow-up stopped, when status is cancelled. Withdrawn and opted-out patients stay in the denominators as non-responders; deaths and cancelled surgeries are not exported'],
  ['surgery_number', 'integer', '1, 2, ...', "Which of the subject's surgeries this row belongs to, in date order"],
  ['sent_days_from_surgery', 'integer', '', 'Days from the surgery date to the first send of the survey link (clinic time); empty if never sent'],
  ['reminders_sent', 'integer', '0-2', 'Reminders sent (3 and 7 days after the first send, while unanswered)'],
  ['completed_days_from_surgery', 'integer', '', 'Days from the surgery date to when the response was stored (for staff entry, the day it was entered)'],
];

/**
 * The data dictionary served as /api/exports/dictionary.csv for the time points the clinic follows
 * (baseline, then FOLLOW_UP_TIMEPOINTS): every long column, then every column the wide format has
 * (surgery_number and each per-time-point column suffixed with its time point, leg_pain_12m, ...).
 */
export function dictionary(timepoints: readonly Timepoint[], benchmarkTimepoint: Timepoint): Entry[] {
  const long: Entry[] = LONG_COLUMNS.map((entry) =>
    entry[0] === 'timepoint'
      ? ['timepoint', 'category', timepoints.join(' | '), `Survey time point: baseline is pre-operative; ${benchmarkTimepoint} is the benchmark time point, earlier ones are for tracking`]
      : entry,
  );
  const about = new Map(long.map((entry) => [entry[0], entry]));
  const wide: Entry[] = timepoints.flatMap((tp) =>
    PER_TIMEPOINT.map((column): Entry => {
      const [, type, values, description] = about.get(column) as Entry;
      return [`${column}_${tp}`, type, values, `Wide format, at ${tp}: ${description}`];
    }),
  );
  return [...long, ...wide];
}

export function dictionaryCsv(timepoints: readonly Timepoint[], benchmarkTimepoint: Timepoint): string {
  const lines = [['column', 'type', 'values', 'description'], ...dictionary(timepoints, benchmarkTimepoint)].map((row) => row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
