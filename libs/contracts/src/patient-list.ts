import type { AgeBand, InvitationStatus, PatientStatus, Procedure, Timepoint } from './index';

/** How GET /patients orders its pages: by name (default), by surgeon, or by latest surgery date. */
export const PATIENT_LIST_SORTS = ['name', 'surgeon', 'surgeryDate', '-surgeryDate'] as const;
export type PatientListSort = (typeof PATIENT_LIST_SORTS)[number];

/**
 * What a dashboard figure counts, as a patient-list filter: e.g. `timepoint=6m&outcome=not_success`
 * lists the patients behind the 6-month failures. `not_responded` is eligible and not answered
 * (who counts: docs/design.md section 4), so the list matches the dashboard's denominators.
 */
export const PATIENT_LIST_OUTCOMES = ['responded', 'not_responded', 'success', 'not_success', 'not_evaluable', 'satisfied', 'not_satisfied'] as const;
export type PatientListOutcome = (typeof PATIENT_LIST_OUTCOMES)[number];

export interface PatientListQuery {
  search?: string;
  page?: number;
  /** The patient's surgeon (admins; a surgeon may only name themself). */
  surgeonId?: string;
  patientStatus?: PatientStatus;
  /** With `status` or `outcome`: the time point they refer to; without, any time point. */
  timepoint?: Timepoint;
  /** An invitation status at `timepoint` (any time point without it). */
  status?: InvitationStatus;
  outcome?: PatientListOutcome;
  /** The dashboard's cohort filters, so its links list the same surgeries it counted. */
  procedure?: Procedure;
  surgeryFrom?: string;
  surgeryTo?: string;
  ageBand?: AgeBand;
  sort?: PatientListSort;
}
