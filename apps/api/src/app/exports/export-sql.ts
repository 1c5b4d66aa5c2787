import { LONG_EXPORT_COLUMNS, TIMEPOINTS } from '@stride/contracts';
import type { CohortFilters } from '../cohorts/cohort-filters';
import { surgeryConditions } from '../cohorts/cohort-filters';
import { ELIGIBLE } from '../cohorts/cohorts.repository';

/** Quotes a value as a SQL literal. COPY takes no bind parameters, and every value here is validated first. */
export type Literal = (value: string) => string;

/** Long format: one row per subject, surgery and time point. No names, contact details, MRNs or calendar dates. */
export function longExportSql(filters: CohortFilters, now: Date, zone: string, literal: Literal): string {
  const where = surgeryConditions(filters, 0);
  // Inline the validated filter values in place of $1..$n.
  const conditions = where.sql.replace(/\$(\d+)/g, (_, i: string) => literal(String(where.params[Number(i) - 1])));
  const tz = literal(zone);
  return `
    SELECT p.subject_code AS subject_id,
           u.surgeon_code,
           s.procedure,
           -- Ages over 89 are identifying (HIPAA Safe Harbor): written as 90.
           LEAST(90, extract(year FROM age(s.surgery_date, p.birth_date)))::int AS age_at_surgery,
           i.timepoint,
           i.status,
           ((r.collected_at AT TIME ZONE ${tz})::date - s.surgery_date) AS days_from_surgery,
           r.mode,
           r.leg_pain,
           r.back_pain,
           r.walking_distance,
           r.satisfaction,
           CASE WHEN r.success THEN 1 WHEN NOT r.success THEN 0 END AS success,
           CASE WHEN r.satisfied THEN 1 WHEN NOT r.satisfied THEN 0 END AS satisfied,
           r.definition_version,
           i.stop_reason,
           s.surgery_number,
           -- Delivery timing as days from surgery (never calendar dates), so response delays can be studied.
           ((i.sent_at AT TIME ZONE ${tz})::date - s.surgery_date) AS sent_days_from_surgery,
           i.reminder_count AS reminders_sent,
           ((i.completed_at AT TIME ZONE ${tz})::date - s.surgery_date) AS completed_days_from_surgery
      FROM (SELECT s.*, row_number() OVER (PARTITION BY s.patient_id ORDER BY s.surgery_date, s.created_at) AS surgery_number
              FROM surgeries s) s
      JOIN patients p ON p.id = s.patient_id
      JOIN users u ON u.id = s.surgeon_id
      JOIN invitations i ON i.surgery_id = s.id
      LEFT JOIN responses r ON r.invitation_id = i.id
     WHERE ${conditions}
       AND ${ELIGIBLE.replace(/\$1/g, `${literal(now.toISOString())}::timestamptz`)}
     ORDER BY p.subject_code, s.surgery_number, array_position(ARRAY['baseline','2w','6w','3m','6m'], i.timepoint)`;
}

const DELIVERY_COLUMNS = ['sent_days_from_surgery', 'reminders_sent', 'completed_days_from_surgery'] as const;

const PER_TIMEPOINT = [
  ...LONG_EXPORT_COLUMNS.filter((c) => !['subject_id', 'surgeon_code', 'procedure', 'age_at_surgery', 'timepoint'].includes(c)),
  ...DELIVERY_COLUMNS,
];

/** Wide format: one row per subject and surgery, each measure suffixed by its time point (leg_pain_2w, ...). */
export function wideExportSql(filters: CohortFilters, now: Date, zone: string, literal: Literal): string {
  const pivots = TIMEPOINTS.flatMap((tp) =>
    PER_TIMEPOINT.map((c) => `max(${c}::text) FILTER (WHERE timepoint = '${tp}') AS ${c}_${tp}`),
  );
  return `
    SELECT subject_id, surgeon_code, procedure, age_at_surgery, surgery_number,
           ${pivots.join(',\n           ')}
      FROM (${longExportSql(filters, now, zone, literal)}) long
     GROUP BY subject_id, surgeon_code, procedure, age_at_surgery, surgery_number
     ORDER BY subject_id, surgery_number`;
}
