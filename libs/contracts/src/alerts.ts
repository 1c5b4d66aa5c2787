import type { Timepoint } from './index';

/**
 * Why a response raised an alert (Contract v1.1, "Coordinator and follow-up"): after surgery, leg
 * pain at or above baseline + 2, walking distance down 2 bins or more from baseline, or
 * satisfaction 1 or 2. Stable words: scripts and the portal decide on them.
 */
export const ALERT_KINDS = ['leg_pain_worse', 'walking_worse', 'dissatisfied'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertView {
  id: string;
  patientId: string;
  timepoint: Timepoint;
  kind: AlertKind;
  /** A short sentence for staff, e.g. "Leg pain 8 vs 5 at baseline". */
  detail: string;
  createdAt: string;
  acknowledgedAt: string | null;
  /** Additions to the contract, for the portal: who the patient is, whose patient, who acknowledged. */
  patientName: string;
  surgeonId: string;
  acknowledgedBy: { id: string; name: string } | null;
}

export interface AlertList {
  items: AlertView[];
}

/** GET /alerts query: `open=true` keeps unacknowledged alerts only; `patientId` one patient's. */
export interface AlertListQuery {
  open?: boolean;
  patientId?: string;
}
