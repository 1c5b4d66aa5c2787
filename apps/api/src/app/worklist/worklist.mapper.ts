import type { ContactAttemptView, WorklistItem, WorklistReason } from '@stride/contracts';
import type { InvitationFacts } from '../invitations/invitation-lifecycle';
import { invitationActions } from '../invitations/invitation-lifecycle';
import type { ContactAttemptRow, WorklistCandidateRow } from './worklist.repository';

/** The calls shown per survey on the worklist. */
export const CONTACT_LOG_SIZE = 5;

export function toContactAttemptView(row: ContactAttemptRow): ContactAttemptView {
  return {
    id: row.id,
    invitationId: row.invitation_id,
    outcome: row.outcome,
    note: row.note,
    createdAt: new Date(row.created_at).toISOString(),
    byUserId: row.made_by,
    byName: row.by_name,
  };
}

export function toWorklistItem(row: WorklistCandidateRow, reason: WorklistReason, facts: InvitationFacts, now: Date): WorklistItem {
  return {
    invitationId: row.id,
    patientId: row.patient_id,
    patientName: row.patient_name,
    phone: row.phone,
    email: row.email,
    timepoint: row.timepoint,
    status: row.status,
    dueAt: row.due_at.toISOString(),
    closesAt: row.closes_at.toISOString(),
    reason,
    attempts: row.attempts,
    lastContactAt: row.last_contact_at?.toISOString() ?? null,
    contactLog: (row.contact_log ?? []).slice(0, CONTACT_LOG_SIZE).map(toContactAttemptView),
    preferredChannel: row.preferred_channel,
    language: row.language,
    surgeonName: row.surgeon_name,
    lastMessageAt: row.last_message_at?.toISOString() ?? null,
    opensAt: facts.opensAt.toISOString(),
    actions: invitationActions(facts, now),
  };
}
