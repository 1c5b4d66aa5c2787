import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { STORED_DEFINITIONS } from '../invitations/outcome-flags';
import { planInvitations } from '../invitations/invitation-plan';
import { reminderDueAt } from '../scheduler/reminders';
import { newPseudonym } from '../users/pseudonym';
import type { AppConfig } from '../config/app-config';

/** What the scheduler would have done with a survey that went out at its due time and was not answered. */
export interface DemoDelivery {
  status: 'sent' | 'reminded';
  sentAt: Date;
  remindedAt: Date | null;
  reminderCount: number;
  nextReminderAt: Date | null;
}

export function demoDelivery(dueAt: Date, closesAt: Date, now: Date, zone: string): DemoDelivery {
  let reminderCount = 0;
  let remindedAt: Date | null = null;
  let next = reminderDueAt(dueAt, 1, closesAt, zone);
  while (next && next <= now) {
    reminderCount += 1;
    remindedAt = next;
    next = reminderDueAt(dueAt, reminderCount + 1, closesAt, zone);
  }
  return { status: reminderCount > 0 ? 'reminded' : 'sent', sentAt: dueAt, remindedAt, reminderCount, nextReminderAt: next };
}

/**
 * The coordinator's edges (DESIGN.md "Coordinator and follow-up"), so the worklist has something to
 * show: two patients followed up on paper (one with no contact at all, one with only a phone for
 * calls) whose due surveys wait for a person, and calls already logged against a few non-responders.
 */
export async function seedFollowUpEdges(
  manager: EntityManager,
  ids: { adminId: string; surgeonIds: string[] },
  now: Date,
  config: Pick<AppConfig, 'clinicTimezone' | 'followUpTimepoints'>,
): Promise<void> {
  const zone = config.clinicTimezone;
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const paper = [
    { mrn: 'MRN0009001', given: 'Dorothy', family: 'Whitfield', phone: null, daysAgo: 16, surgeon: 0 },
    { mrn: 'MRN0009002', given: 'Ramón', family: 'Ibarra', phone: '+15550199002', daysAgo: 45, surgeon: 1 },
  ];
  for (const p of paper) {
    const [{ id: patientId }] = await manager.query(
      `INSERT INTO patients (mrn, given_name, family_name, birth_date, email, phone, language, preferred_channel, surgeon_id, subject_code)
       VALUES ($1, $2, $3, $4, NULL, $5, $6, 'paper', $7, $8) RETURNING id`,
      [p.mrn, p.given, p.family, today.minus({ years: 79, days: 40 }).toISODate(), p.phone, p.phone ? 'es' : 'en', ids.surgeonIds[p.surgeon], newPseudonym('S')],
    );
    const surgeryDate = today.minus({ days: p.daysAgo }).toISODate() as string;
    const enrolledAt = today.minus({ days: p.daysAgo + 20 }).set({ hour: 10 }).toJSDate();
    const [{ id: surgeryId }] = await manager.query(
      `INSERT INTO surgeries (patient_id, surgeon_id, procedure, surgery_date, created_at) VALUES ($1, $2, 'laminectomy', $3, $4) RETURNING id`,
      [patientId, ids.surgeonIds[p.surgeon], surgeryDate, enrolledAt],
    );
    for (const plan of planInvitations(surgeryDate, enrolledAt, zone, config.followUpTimepoints)) {
      const baseline = plan.timepoint === 'baseline';
      const closed = plan.closesAt <= now;
      const [{ id: invitationId }] = await manager.query(
        `INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, completed_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [surgeryId, plan.timepoint, plan.dueAt, plan.closesAt, baseline ? 'completed' : closed ? 'missed' : 'pending', baseline ? plan.dueAt : null, now],
      );
      if (baseline) {
        // Filled in on paper at the pre-op visit, entered by the coordinator.
        await manager.query(
          `INSERT INTO responses (invitation_id, mode, collected_at, entered_by, leg_pain, back_pain, walking_distance, definition_version)
           VALUES ($1, 'paper', $2, $3, 8, 5, 1, $4)`,
          [invitationId, DateTime.fromISO(surgeryDate, { zone }).minus({ days: 7 }).set({ hour: 12 }).toJSDate(), ids.adminId, STORED_DEFINITIONS],
        );
      }
    }
  }

  // Non-responders the coordinator has already tried: a call yesterday, one the day before.
  const chased: { id: string }[] = await manager.query(
    `SELECT i.id FROM invitations i
      WHERE i.status IN ('sent', 'reminded') AND i.closes_at > $1
        AND greatest(i.sent_at, coalesce(i.reminded_at, i.sent_at)) <= $1::timestamptz - interval '3 days'
      ORDER BY i.closes_at, i.id LIMIT 4`,
    [now],
  );
  const outcomes = ['no_answer', 'left_message', 'wrong_number', 'no_answer'];
  for (const [n, { id }] of chased.entries()) {
    await manager.query(
      `INSERT INTO contact_attempts (invitation_id, outcome, note, made_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, outcomes[n], n === 1 ? 'Left a voicemail with the clinic number' : null, ids.adminId, today.minus({ days: 1 + (n % 2) }).set({ hour: 11 }).toJSDate()],
    );
  }
}
