import { TIMEPOINTS, type SurgeryView } from '@stride/contracts';
import type { SurgeryEntity } from './surgery.entity';
import { toInvitationView, toScoreView } from '../invitations/invitations.mapper';

const byTimepoint = (a: { timepoint: string }, b: { timepoint: string }): number =>
  TIMEPOINTS.indexOf(a.timepoint as never) - TIMEPOINTS.indexOf(b.timepoint as never);

/** Expects `invitations` (and their `response`, when loaded) on the entity. */
export function toSurgeryView(surgery: SurgeryEntity): SurgeryView {
  const invitations = [...(surgery.invitations ?? [])].sort(byTimepoint);
  return {
    id: surgery.id,
    patientId: surgery.patientId,
    surgeonId: surgery.surgeonId,
    procedure: surgery.procedure,
    surgeryDate: surgery.surgeryDate,
    status: surgery.status,
    invitations: invitations.map(toInvitationView),
    scores: invitations.flatMap((i) => (i.response ? [toScoreView(i.timepoint, i.response)] : [])),
  };
}
