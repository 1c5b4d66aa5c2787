import { DEFAULT_SUCCESS_DEFINITION, type PatientListOutcome, type PatientListQuery, type PatientListSort } from '@stride/contracts';
import { SUCCESS_FLAG_COLUMN } from '../invitations/outcome-flags';
import { surgeryConditions } from '../cohorts/cohort-filters';
import { ELIGIBLE } from '../cohorts/cohorts.repository';

/**
 * What each outcome filter means, as SQL on an invitation `i` and its response `r`: the same rows
 * the dashboard counts (ELIGIBLE for non-responders, the stored success/satisfied flags for rates).
 */
/** The dashboard's default success definition, so its links list what it counted. */
const SUCCESS = `r.${SUCCESS_FLAG_COLUMN[DEFAULT_SUCCESS_DEFINITION]}`;

const OUTCOME_SQL: Record<PatientListOutcome, string> = {
  responded: `i.status = 'completed'`,
  not_responded: `(${ELIGIBLE}) AND i.status <> 'completed'`,
  success: `${SUCCESS} IS TRUE`,
  not_success: `${SUCCESS} IS FALSE`,
  not_evaluable: `i.status = 'completed' AND i.timepoint <> 'baseline' AND ${SUCCESS} IS NULL`,
  satisfied: `r.satisfied IS TRUE`,
  not_satisfied: `r.satisfied IS FALSE`,
};

export const PATIENT_LIST_ORDER: Record<PatientListSort, string> = {
  name: `p.family_name, p.given_name, p.id`,
  surgeon: `u.name, p.family_name, p.given_name, p.id`,
  surgeryDate: `s.surgery_date NULLS LAST, p.family_name, p.given_name, p.id`,
  '-surgeryDate': `s.surgery_date DESC NULLS LAST, p.family_name, p.given_name, p.id`,
};

/**
 * The WHERE of the patient list, on aliases `p` (patient) and `u` (its surgeon), with positional
 * parameters from `$2` on (`$1` is now, which ELIGIBLE reads). Invitation filters look at the
 * patient's scheduled surgeries in the dashboard's cohort (surgeryConditions), so a rate's link
 * lists the patients the rate counted.
 */
export function patientListWhere(query: PatientListQuery, scope: string | undefined): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length + 1}`;
  };
  // A surgeon sees only their own patients. The dashboard counts a surgeon's surgeries, so when the
  // list narrows to surgeries (below) it takes the surgery's surgeon too; an admin's plain "patients
  // of this surgeon" also lists a patient one of whose surgeries that surgeon did.
  if (scope) parts.push(`p.surgeon_id = ${param(scope)}::uuid`);
  const surgeonId = scope ?? query.surgeonId;
  const term = query.search?.trim();
  if (term) {
    const like = param(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    parts.push(`(p.mrn ILIKE ${like} OR p.family_name ILIKE ${like} OR p.given_name ILIKE ${like} OR (p.given_name || ' ' || p.family_name) ILIKE ${like})`);
  }
  if (query.patientStatus) parts.push(`p.status = ${param(query.patientStatus)}`);

  const cohort = { procedure: query.procedure, surgeryFrom: query.surgeryFrom, surgeryTo: query.surgeryTo, ageBand: query.ageBand };
  const byCohort = Object.values(cohort).some((v) => v !== undefined);
  const bySurgery = query.status || query.outcome || query.timepoint || byCohort;
  if (surgeonId && !scope && !bySurgery) {
    const id = param(surgeonId);
    parts.push(`(p.surgeon_id = ${id}::uuid OR EXISTS (SELECT 1 FROM surgeries s WHERE s.patient_id = p.id AND s.surgeon_id = ${id}::uuid))`);
  }
  if (bySurgery) {
    const surgeries = surgeryConditions({ ...cohort, surgeonId }, params.length + 1);
    params.push(...surgeries.params);
    const inner = [`s.patient_id = p.id`, surgeries.sql];
    if (query.timepoint) inner.push(`i.timepoint = ${param(query.timepoint)}`);
    if (query.status) inner.push(`i.status = ${param(query.status)}`);
    if (query.outcome) inner.push(OUTCOME_SQL[query.outcome]);
    parts.push(`EXISTS (
      SELECT 1 FROM surgeries s
        JOIN invitations i ON i.surgery_id = s.id
        LEFT JOIN responses r ON r.invitation_id = i.id
       WHERE ${inner.join(' AND ')})`);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : 'true', params };
}
