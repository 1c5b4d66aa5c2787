import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ContactOutcome, InvitationStatus, Language, PreferredChannel, Timepoint } from '@stride/contracts';
import { ANSWERABLE } from '../invitations/invitation-lifecycle';
import { MISSED_LOOKBACK_MS } from './worklist-reason';

type Sql = Pick<EntityManager, 'query'>;

export interface ContactAttemptRow {
  id: string;
  invitation_id: string;
  outcome: ContactOutcome;
  note: string | null;
  created_at: Date | string;
  made_by: string;
  by_name: string;
}

export interface WorklistCandidateRow {
  id: string;
  timepoint: Timepoint;
  status: InvitationStatus;
  due_at: Date;
  closes_at: Date;
  last_message_at: Date | null;
  surgery_date: string;
  patient_id: string;
  patient_name: string;
  email: string | null;
  phone: string | null;
  preferred_channel: PreferredChannel;
  language: Language;
  surgeon_name: string;
  attempts: number;
  last_contact_at: Date | null;
  contact_log: ContactAttemptRow[] | null;
}

/** The SQL of the worklist and of the calls logged against surveys. */
@Injectable()
export class WorklistRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every survey that might need a person: due, answerable, of an active patient's scheduled
   * surgery, open or closed within the missed look-back. A superset: worklistReason decides.
   * Each comes with its call count, last call and latest 5 calls.
   */
  candidates(now: Date, surgeonId: string | null): Promise<WorklistCandidateRow[]> {
    return this.dataSource.query(
      `SELECT i.id, i.timepoint, i.status, i.due_at, i.closes_at,
              nullif(greatest(coalesce(i.sent_at, '-infinity'), coalesce(i.reminded_at, '-infinity')), '-infinity') AS last_message_at,
              to_char(s.surgery_date, 'YYYY-MM-DD') AS surgery_date,
              p.id AS patient_id, p.given_name || ' ' || p.family_name AS patient_name,
              p.email, p.phone, p.preferred_channel, p.language, u.name AS surgeon_name,
              coalesce(c.attempts, 0)::int AS attempts, c.last_contact_at, c.contact_log
         FROM invitations i
         JOIN surgeries s ON s.id = i.surgery_id
         JOIN patients p ON p.id = s.patient_id
         JOIN users u ON u.id = p.surgeon_id
         LEFT JOIN LATERAL (
           SELECT count(*) AS attempts, max(a.created_at) AS last_contact_at,
                  (json_agg(json_build_object('id', a.id, 'invitation_id', a.invitation_id, 'outcome', a.outcome, 'note', a.note,
                                              'created_at', a.created_at, 'made_by', a.made_by, 'by_name', au.name)
                            ORDER BY a.created_at DESC, a.id) FILTER (WHERE a.id IS NOT NULL)) AS contact_log
             FROM contact_attempts a JOIN users au ON au.id = a.made_by
            WHERE a.invitation_id = i.id
         ) c ON true
        WHERE i.status = ANY($2) AND i.due_at <= $1 AND i.closes_at > $1::timestamptz - $3 * interval '1 millisecond'
          AND s.status = 'scheduled' AND p.status = 'active'
          AND ($4::uuid IS NULL OR p.surgeon_id = $4)`,
      [now, ANSWERABLE, MISSED_LOOKBACK_MS, surgeonId],
    );
  }

  /** The invitation's patient's surgeon, to check the caller may see it; null when there is no such invitation. */
  async surgeonOf(manager: Sql, invitationId: string): Promise<{ surgeonId: string } | null> {
    const [row]: { surgeon_id: string }[] = await manager.query(
      `SELECT p.surgeon_id FROM invitations i JOIN surgeries s ON s.id = i.surgery_id JOIN patients p ON p.id = s.patient_id WHERE i.id = $1`,
      [invitationId],
    );
    return row ? { surgeonId: row.surgeon_id } : null;
  }

  async addAttempt(
    manager: Sql,
    attempt: { invitationId: string; outcome: ContactOutcome; note: string | null; madeBy: string; at: Date },
  ): Promise<Omit<ContactAttemptRow, 'by_name'>> {
    const [row] = await manager.query(
      `INSERT INTO contact_attempts (invitation_id, outcome, note, made_by, created_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, invitation_id, outcome, note, made_by, created_at`,
      [attempt.invitationId, attempt.outcome, attempt.note, attempt.madeBy, attempt.at],
    );
    return row;
  }
}
