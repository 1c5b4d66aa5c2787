import { TIMEPOINTS, type ReschedulePreview } from '@stride/contracts';
import type { SurgeryEntity } from './surgery.entity';
import { replan } from '../invitations/invitation-plan';
import { localDate } from '../common/dates';

/**
 * What a surgery date change would do to each invitation, by the same rule the change applies
 * (`replan`). Expects the surgery with `invitations` and their `response` loaded.
 */
export function previewReschedule(surgery: SurgeryEntity, surgeryDate: string, now: Date, zone: string): ReschedulePreview {
  const changes = (surgery.invitations ?? []).map((invitation) => {
    const next = replan(
      {
        timepoint: invitation.timepoint,
        status: invitation.status,
        dueAt: invitation.dueAt,
        closesAt: invitation.closesAt,
        sentAt: invitation.sentAt,
        claimed: invitation.claimedBy !== null,
        collectedOn: invitation.response ? localDate(invitation.response.collectedAt, zone) : null,
        patientActive: surgery.patient?.status === 'active',
      },
      surgeryDate,
      now,
      zone,
    );
    return {
      timepoint: invitation.timepoint,
      status: invitation.status,
      newStatus: next.status,
      effect: next.effect,
      dueAt: invitation.dueAt.toISOString(),
      closesAt: invitation.closesAt.toISOString(),
      newDueAt: next.dueAt.toISOString(),
      newClosesAt: next.closesAt.toISOString(),
      explanation: next.explanation,
    };
  });
  changes.sort((a, b) => TIMEPOINTS.indexOf(a.timepoint) - TIMEPOINTS.indexOf(b.timepoint));
  return {
    surgeryDate: surgery.surgeryDate,
    newSurgeryDate: surgeryDate,
    allowed: changes.every((c) => c.effect !== 'answer_outside_window'),
    changes,
  };
}
