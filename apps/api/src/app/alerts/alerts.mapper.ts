import type { AlertKind, AlertView, Timepoint } from '@stride/contracts';

export interface AlertRow {
  id: string;
  kind: AlertKind;
  detail: string;
  created_at: Date;
  acknowledged_at: Date | null;
  timepoint: Timepoint;
  patient_id: string;
  given_name: string;
  family_name: string;
  surgeon_id: string;
  acknowledged_by_id: string | null;
  acknowledged_by_name: string | null;
}

export function toAlertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    patientId: row.patient_id,
    timepoint: row.timepoint,
    kind: row.kind,
    detail: row.detail,
    createdAt: row.created_at.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    patientName: `${row.given_name} ${row.family_name}`,
    surgeonId: row.surgeon_id,
    acknowledgedBy: row.acknowledged_by_id ? { id: row.acknowledged_by_id, name: row.acknowledged_by_name ?? '' } : null,
  };
}
