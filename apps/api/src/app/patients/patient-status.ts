import type { EntityManager } from 'typeorm';
import type { PatientStatus } from '@stride/contracts';
import type { InvitationsRepository } from '../invitations/invitations.repository';
import { STOP_REASON_FOR_PATIENT_STATUS } from '../invitations/invitation-lifecycle';

/**
 * Withdrawal, death or opt-out stops everything still open at once, reminders and claims in
 * flight included, through the same stop as a cancelled surgery (InvitationsRepository.stop).
 * Returns how many invitations were stopped.
 */
export async function stopFollowUp(
  manager: EntityManager,
  invitations: InvitationsRepository,
  patientId: string,
  status: Exclude<PatientStatus, 'active'>,
  now: Date,
): Promise<number> {
  await manager.query(`UPDATE patients SET status = $2 WHERE id = $1`, [patientId, status]);
  return invitations.stop(manager, { patientId }, STOP_REASON_FOR_PATIENT_STATUS[status], now);
}
