import { LONG_EXPORT_COLUMNS, type SuccessDefinition, type Timepoint } from '@stride/contracts';
import { SUCCESS_FLAG_COLUMN, exportDefinitionLabel } from '../invitations/outcome-flags';
import type { CohortFilters } from '../cohorts/cohort-filters';
import { surgeryConditions } from '../cohorts/cohort-filters';
import { ELIGIBLE } from '../cohorts/cohorts.repository';

/** Quotes a value as a SQL literal. COPY takes no bind parameters, and every value here is validated first. */
export type Literal = (value: string) => string;

/** What an export is taken against: the clock, the clinic's zone, and the time points the clinic follows (baseline first). */
export interface ExportScope {
  now: Date;
  zone: string;
  timepoints: readonly Timepoint[];
  /** Which stored success flag the `success` column carries; definition_version names it. */
  definition: SuccessDefinition;
}

/**
 * Long format: one row per subject, surgery and time point. No names, contact details, MRNs or calendar dates.
 *
 * Row order (deterministic, and the same as the dictionary describes): subject_id, then surgery_number,
 * then the time points in clinical order (baseline, then the configured follow-ups: the export
 * has the time points the dashboard shows, FOLLOW_UP_TIMEPOINTS). It is built so that PostgreSQL
 * streams rows as it finds them instead of sorting the whole export first (a million rows sorted
 * 139 MB on disk before the first byte): patients are walked in subject-code order on their unique
 * index, and for each one the LATERAL subquery reads that patient's surgeries (numbered on
 * surgeries_patient_order_idx), invitations and responses by index. `OFFSET 0` keeps the planner from
 * flattening that subquery into one big hash join, whose output would need the full sort again; what
 * is left is an incremental sort of each patient's handful of rows.
 */
export function longExportSql(filters: CohortFilters, { now, zone, timepoints, definition }: ExportScope, literal: Literal): string {
  const where = surgeryConditions(filters, 0);
  // Inline the validated filter values in place of $1..$n.
  const conditions = where.sql.replace(/\$(\d+)/g, (_, i: string) => literal(String(where.params[Number(i) - 1])));
  const tz = literal(zone);
  const followed = `ARRAY[${timepoints.map(literal).join(', ')}]::text[]`;
  const success = `r.${SUCCESS_FLAG_COLUMN[definition]}`;
  return `
    SELECT p.subject_code AS subject_id,
           x.surgeon_code,
           x.procedure,
           -- Ages over 89 are identifying (HIPAA Safe Harbor): written as 90.
           LEAST(90, extract(year FROM age(x.surgery_date, p.birth_date)))::int AS age_at_surgery,
           x.timepoint,
           x.status,
           x.days_from_surgery,
           x.mode,
           x.leg_pain,
           x.back_pain,
           x.walking_distance,
           x.satisfaction,
           x.success,
           x.satisfied,
           x.definition_version,
           x.stop_reason,
           x.surgery_number,
           x.sent_days_from_surgery,
           x.reminders_sent,
           x.completed_days_from_surgery
      FROM patients p
     CROSS JOIN LATERAL (
       SELECT u.surgeon_code,
              s.procedure,
              s.surgery_date,
              i.timepoint,
              i.status,
              ((r.collected_at AT TIME ZONE ${tz})::date - s.surgery_date) AS days_from_surgery,
              r.mode,
              r.leg_pain,
              r.back_pain,
              r.walking_distance,
              r.satisfaction,
              CASE WHEN ${success} THEN 1 WHEN NOT ${success} THEN 0 END AS success,
              CASE WHEN r.satisfied THEN 1 WHEN NOT r.satisfied THEN 0 END AS satisfied,
              -- The versions behind this row's success and satisfied columns (every stored response has both).
              CASE WHEN r.id IS NOT NULL THEN ${literal(exportDefinitionLabel(definition))} END AS definition_version,
              i.stop_reason,
              s.surgery_number,
              -- Delivery timing as days from surgery (never calendar dates), so response delays can be studied.
              ((i.sent_at AT TIME ZONE ${tz})::date - s.surgery_date) AS sent_days_from_surgery,
              i.reminder_count AS reminders_sent,
              ((i.completed_at AT TIME ZONE ${tz})::date - s.surgery_date) AS completed_days_from_surgery,
              array_position(${followed}, i.timepoint) AS timepoint_order
         -- Numbered over all of the patient's surgeries (cancelled ones too), before the filters.
         FROM (SELECT s.*, row_number() OVER (ORDER BY s.surgery_date, s.created_at) AS surgery_number
                 FROM surgeries s
                WHERE s.patient_id = p.id) s
         JOIN users u ON u.id = s.surgeon_id
         JOIN invitations i ON i.surgery_id = s.id
         LEFT JOIN responses r ON r.invitation_id = i.id
        WHERE ${conditions}
          AND i.timepoint = ANY(${followed})
          AND ${ELIGIBLE.replace(/\$1/g, `${literal(now.toISOString())}::timestamptz`)}
       OFFSET 0
     ) x
     ORDER BY p.subject_code, x.surgery_number, x.timepoint_order`;
}

const DELIVERY_COLUMNS = ['sent_days_from_surgery', 'reminders_sent', 'completed_days_from_surgery'] as const;

/** The columns the wide format repeats per time point, suffixed _baseline, _2w, ... */
export const PER_TIMEPOINT = [
  ...LONG_EXPORT_COLUMNS.filter((c) => !['subject_id', 'surgeon_code', 'procedure', 'age_at_surgery', 'timepoint'].includes(c)),
  ...DELIVERY_COLUMNS,
];

/** Wide format: one row per subject and surgery, each measure suffixed by its time point (leg_pain_2w, ...). */
export function wideExportSql(filters: CohortFilters, scope: ExportScope, literal: Literal): string {
  const pivots = scope.timepoints.flatMap((tp) =>
    PER_TIMEPOINT.map((c) => `max(${c}::text) FILTER (WHERE timepoint = '${tp}') AS ${c}_${tp}`),
  );
  return `
    SELECT subject_id, surgeon_code, procedure, age_at_surgery, surgery_number,
           ${pivots.join(',\n           ')}
      FROM (${longExportSql(filters, scope, literal)}) long
     GROUP BY subject_id, surgeon_code, procedure, age_at_surgery, surgery_number
     ORDER BY subject_id, surgery_number`;
}
