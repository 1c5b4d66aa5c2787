import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Channel, Language, Timepoint } from '@stride/contracts';

export interface DueRow {
  id: string;
  timepoint: Timepoint;
  closes_at: Date;
  sent_at: Date | null;
  attempts: number;
  reminder_count: number;
  language: Language;
  email: string | null;
  phone: string | null;
  preferred_channel: Channel;
}

/** What a send needs to know about an invitation and its patient (the columns of DueRow). */
const DUE_ROWS = `
  SELECT i.id, i.timepoint, i.closes_at, i.sent_at, i.attempts, i.reminder_count,
         p.language, p.email, p.phone, p.preferred_channel
    FROM invitations i
    JOIN surgeries s ON s.id = i.surgery_id
    JOIN patients p ON p.id = s.patient_id`;

export interface NewMessage {
  invitationId: string;
  sequence: number;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
}

export interface Lease {
  owner: string;
  until: Date;
}

/**
 * The SQL of the dispatcher's hot path. Every statement that records a send is fenced on
 * `claimed_by`, so a process that lost its claim (lease expired, reaped) can change nothing.
 */
@Injectable()
export class DispatchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A survey is never sent after its window closes: open rows past `closes_at` become `missed`. */
  async closeExpiredWindows(now: Date): Promise<number> {
    const [, count] = await this.dataSource.query(
      `UPDATE invitations SET status = 'missed', next_reminder_at = NULL, updated_at = $1
        WHERE status IN ('pending', 'sent', 'reminded') AND closes_at <= $1 AND claimed_by IS NULL`,
      [now],
    );
    return Number(count ?? 0);
  }

  /**
   * Takes back claims whose process stopped (lease expired). A first message never handed to
   * SMTP (`attempted_at` unset) is safe to retry; one that was handed over may have arrived, so it
   * becomes `unknown` for a person to review. A reminder in doubt is skipped, never resent.
   */
  async reapExpiredLeases(now: Date): Promise<{ retried: number; unknown: number }> {
    return this.dataSource.transaction(async (manager) => {
      const expired: { id: string; status: string; attempted: boolean; message_id: string | null }[] = await manager.query(
        `SELECT i.id, i.status, m.id AS message_id, (m.attempted_at IS NOT NULL) AS attempted
           FROM invitations i
           LEFT JOIN LATERAL (
             SELECT id, attempted_at FROM outbound_messages
              WHERE invitation_id = i.id ORDER BY sequence DESC LIMIT 1
           ) m ON true
          WHERE i.claimed_by IS NOT NULL AND i.lease_until < $1
          FOR UPDATE OF i SKIP LOCKED`,
        [now],
      );
      let retried = 0;
      let unknown = 0;
      for (const row of expired) {
        if (row.status === 'claimed' && !row.attempted) {
          retried += 1;
          await manager.query(
            `UPDATE invitations SET status = 'pending', claimed_by = NULL, lease_until = NULL, updated_at = $2 WHERE id = $1`,
            [row.id, now],
          );
        } else if (row.status === 'claimed') {
          unknown += 1;
          await manager.query(
            `UPDATE invitations SET status = 'unknown', claimed_by = NULL, lease_until = NULL, updated_at = $2,
                    last_error = 'The sending process stopped after handing the message over; check with the patient before resending'
              WHERE id = $1`,
            [row.id, now],
          );
          await manager.query(`UPDATE outbound_messages SET status = 'unknown' WHERE id = $1`, [row.message_id]);
        } else {
          // A reminder claim: release it and move on to the next reminder if this one may have gone out.
          await manager.query(
            `UPDATE invitations SET claimed_by = NULL, lease_until = NULL, updated_at = $2 WHERE id = $1`,
            [row.id, now],
          );
          if (row.attempted) await manager.query(`UPDATE outbound_messages SET status = 'unknown' WHERE id = $1`, [row.message_id]);
          else await manager.query(`DELETE FROM outbound_messages WHERE id = $1 AND attempted_at IS NULL`, [row.message_id]);
        }
      }
      return { retried, unknown };
    });
  }

  /** Due first sends. SKIP LOCKED: replicas ticking together each take different rows instead of waiting. */
  dueFirstSends(manager: EntityManager, now: Date, limit: number): Promise<DueRow[]> {
    return manager.query(
      `${DUE_ROWS}
        WHERE i.status = 'pending' AND coalesce(i.next_attempt_at, i.due_at) <= $1 AND i.due_at <= $1 AND i.closes_at > $1
          AND s.status = 'scheduled' AND p.status = 'active'
        ORDER BY coalesce(i.next_attempt_at, i.due_at)
        LIMIT $2
        FOR UPDATE OF i SKIP LOCKED`,
      [now, limit],
    );
  }

  /** Reminders due: sent or reminded, not answered, window open, nobody holding them. */
  dueReminders(manager: EntityManager, now: Date, limit: number): Promise<DueRow[]> {
    return manager.query(
      `${DUE_ROWS}
        WHERE i.status IN ('sent', 'reminded') AND i.next_reminder_at <= $1 AND i.closes_at > $1
          AND i.claimed_by IS NULL AND s.status = 'scheduled' AND p.status = 'active'
        ORDER BY i.next_reminder_at
        LIMIT $2
        FOR UPDATE OF i SKIP LOCKED`,
      [now, limit],
    );
  }

  async markUnreachable(manager: EntityManager, ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE invitations SET status = 'failed', updated_at = $2, last_error = 'No email address or phone number on file'
        WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [ids, now],
    );
  }

  /** Claims rows under a lease; first sends become `claimed`, reminders keep their status. */
  async claim(manager: EntityManager, ids: string[], lease: Lease, now: Date, firstSend: boolean): Promise<void> {
    await manager.query(
      `UPDATE invitations
          SET claimed_by = $2, lease_until = $3, updated_at = $4${firstSend ? `, status = 'claimed'` : ''}
        WHERE id = ANY($1::uuid[])`,
      [ids, lease.owner, lease.until, now],
    );
  }

  /**
   * Writes the outbox rows in the claim's transaction. A retried first send reuses its row (one
   * first message per invitation); a reminder already written is not written twice.
   */
  async writeOutbox(manager: EntityManager, messages: NewMessage[], now: Date): Promise<Map<string, string>> {
    const rows: { id: string; invitation_id: string }[] = await manager.query(
      `INSERT INTO outbound_messages (invitation_id, kind, sequence, channel, recipient, subject, body, created_at)
       SELECT v.invitation_id, CASE WHEN v.sequence = 0 THEN 'invitation' ELSE 'reminder' END, v.sequence,
              v.channel, v.recipient, v.subject, v.body, $7
         FROM unnest($1::uuid[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS v(invitation_id, sequence, channel, recipient, subject, body)
       ON CONFLICT (invitation_id, sequence) DO UPDATE
          SET channel = EXCLUDED.channel, recipient = EXCLUDED.recipient, subject = EXCLUDED.subject, body = EXCLUDED.body,
              status = 'queued', error = NULL, attempted_at = NULL, sent_at = NULL, created_at = EXCLUDED.created_at
        WHERE outbound_messages.sequence = 0 AND outbound_messages.status IN ('queued', 'failed')
       RETURNING id, invitation_id`,
      [
        messages.map((m) => m.invitationId),
        messages.map((m) => m.sequence),
        messages.map((m) => m.channel),
        messages.map((m) => m.recipient),
        messages.map((m) => m.subject),
        messages.map((m) => m.body),
        now,
      ],
    );
    return new Map(rows.map((r) => [r.invitation_id, r.id]));
  }

  /** Releases claims that got no outbox row (e.g. a reminder that already exists), moving the reminder on. */
  async releaseClaims(manager: EntityManager, ids: string[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE invitations SET claimed_by = NULL, lease_until = NULL,
              status = CASE WHEN status = 'claimed' THEN 'pending' ELSE status END
        WHERE id = ANY($1::uuid[]) AND claimed_by = $2`,
      [ids, owner],
    );
  }

  /**
   * The pre-send fence: stamps `attempted_at` only while this process still holds a live lease.
   * No row back means the claim was lost, and the message must not be sent.
   */
  async markAttempted(messageId: string, owner: string, now: Date): Promise<boolean> {
    const [rows]: unknown[][] = await this.dataSource.query(
      `UPDATE outbound_messages m SET attempted_at = $3
         FROM invitations i
        WHERE m.id = $1 AND i.id = m.invitation_id AND i.claimed_by = $2 AND i.lease_until > $3
        RETURNING m.id`,
      [messageId, owner, now],
    );
    return rows.length > 0;
  }

  /** Records one outcome, fenced on the claim. Returns false when the claim had been lost. */
  async recordOutcome(outcome: {
    invitationId: string;
    messageId: string;
    owner: string;
    now: Date;
    /** The invitation's next state and timing fields. */
    invitation: {
      status: 'sent' | 'reminded' | 'pending' | 'failed' | null;
      sentAt?: Date;
      remindedAt?: Date;
      reminderCount?: number;
      nextReminderAt?: Date | null;
      nextAttemptAt?: Date | null;
      attempts: number;
      lastError: string | null;
    };
    message: { status: 'sent' | 'stored' | 'failed'; error: string | null; redactedBody: string | null };
  }): Promise<boolean> {
    const i = outcome.invitation;
    const [fenced]: { id: string }[][] = await this.dataSource.query(
      `WITH fenced AS (
         UPDATE invitations
            SET status = coalesce($3, status),
                sent_at = coalesce($4, sent_at),
                reminded_at = coalesce($5, reminded_at),
                reminder_count = coalesce($6, reminder_count),
                next_reminder_at = CASE WHEN $7::boolean THEN $8 ELSE next_reminder_at END,
                next_attempt_at = $9, attempts = $10, last_error = $11,
                claimed_by = NULL, lease_until = NULL, updated_at = $12
          WHERE id = $1 AND claimed_by = $2
          RETURNING id
       )
       UPDATE outbound_messages
          SET status = $14, error = $15, body = coalesce($16, body), sent_at = CASE WHEN $14 = 'failed' THEN NULL ELSE $12 END
        WHERE id = $13 AND EXISTS (SELECT 1 FROM fenced)
       RETURNING (SELECT id FROM fenced)`,
      [
        outcome.invitationId,
        outcome.owner,
        i.status,
        i.sentAt ?? null,
        i.remindedAt ?? null,
        i.reminderCount ?? null,
        i.nextReminderAt !== undefined,
        i.nextReminderAt ?? null,
        i.nextAttemptAt ?? null,
        i.attempts,
        i.lastError,
        outcome.now,
        outcome.messageId,
        outcome.message.status,
        outcome.message.error,
        outcome.message.redactedBody,
      ],
    );
    return (fenced ?? []).length > 0;
  }
}
