import { EntityManager } from 'typeorm';
import type { PatientStatus } from '@stride/contracts';

/**
 * Withdrawal, death or opt-out stops everything still open at once, reminders included: every
 * invitation not answered and not already closed is cancelled, and its links stop working.
 * Claims in flight are cancelled too; their fence then fails and records nothing.
 */
export async function stopFollowUp(manager: EntityManager, patientId: string, status: Exclude<PatientStatus, 'active'>, now: Date): Promise<number> {
  await manager.query(`UPDATE patients SET status = $2 WHERE id = $1`, [patientId, status]);
  const [, count] = await manager.query(
    `UPDATE invitations i
        SET status = 'cancelled', next_reminder_at = NULL, next_attempt_at = NULL, claimed_by = NULL, lease_until = NULL, updated_at = $2
       FROM surgeries s
      WHERE s.id = i.surgery_id AND s.patient_id = $1
        AND i.status IN ('pending', 'claimed', 'sent', 'reminded', 'failed', 'unknown')`,
    [patientId, now],
  );
  return Number(count ?? 0);
}
