import { TIMEPOINTS, type SurgeryView } from '@stride/contracts';
import type { SurgeryEntity } from './surgery.entity';
import { InvitationContext, toInvitationView, toScoreView } from '../invitations/invitations.mapper';
import { surgeryActions } from '../invitations/invitation-lifecycle';
import { canBeMessaged, PatientContact } from '../patients/patient-contact';

/** The patient facts that decide what may be done with a surgery's invitations. */
export type SurgeryContext = Pick<InvitationContext, 'patientActive' | 'reachable' | 'now' | 'zone'>;

const byTimepoint = (a: { timepoint: string }, b: { timepoint: string }): number =>
  TIMEPOINTS.indexOf(a.timepoint as never) - TIMEPOINTS.indexOf(b.timepoint as never);

export function surgeryContext(
  patient: { status: string } & PatientContact,
  now: Date,
  zone: string,
): SurgeryContext {
  return { patientActive: patient.status === 'active', reachable: canBeMessaged(patient), now, zone };
}

/** Expects `invitations` (and their `response`, when loaded) on the entity. */
export function toSurgeryView(surgery: SurgeryEntity, context: SurgeryContext): SurgeryView {
  const invitations = [...(surgery.invitations ?? [])].sort(byTimepoint);
  const scheduled = surgery.status === 'scheduled';
  const invitationContext: InvitationContext = { ...context, surgeryDate: surgery.surgeryDate, surgeryScheduled: scheduled };
  return {
    id: surgery.id,
    patientId: surgery.patientId,
    surgeonId: surgery.surgeonId,
    procedure: surgery.procedure,
    surgeryDate: surgery.surgeryDate,
    status: surgery.status,
    actions: surgeryActions(scheduled),
    invitations: invitations.map((i) => toInvitationView(i, invitationContext)),
    scores: invitations.flatMap((i) => (i.response ? [toScoreView(i.timepoint, i.response)] : [])),
  };
}
