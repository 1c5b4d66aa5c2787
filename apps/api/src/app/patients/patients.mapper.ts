import { STOPPABLE } from '../invitations/invitation-lifecycle';
import type { PatientSummaryView, PatientView, SurgeryView } from '@stride/contracts';
import type { PatientEntity } from './patient.entity';

export function toPatientView(patient: PatientEntity, surgeonName: string, surgeries: SurgeryView[]): PatientView {
  return {
    id: patient.id,
    mrn: patient.mrn,
    givenName: patient.givenName,
    familyName: patient.familyName,
    birthDate: patient.birthDate,
    email: patient.email,
    phone: patient.phone,
    language: patient.language,
    preferredChannel: patient.preferredChannel,
    surgeonId: patient.surgeonId,
    surgeonName,
    status: patient.status,
    openSurveys: surgeries.flatMap((s) => s.invitations).filter((i) => STOPPABLE.includes(i.status)).length,
    surgeries,
  };
}

export interface PatientListRow {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  surgeon_id: string;
  surgeon_name: string;
  surgery_date: string | null;
  follow_up: PatientSummaryView['followUp'] | null;
}

export function toPatientSummaryView(row: PatientListRow): PatientSummaryView {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    surgeonId: row.surgeon_id,
    surgeonName: row.surgeon_name,
    surgeryDate: row.surgery_date,
    followUp: row.follow_up ?? [],
  };
}
