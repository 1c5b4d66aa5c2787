import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { prepared } from '../database/bounded-client';
import type { Answers, Channel, InvitationStatus, Language, PatientStatus, PreferredChannel, ResponseMode, StopReason, SurgeryStatus, Timepoint } from '@stride/contracts';
import { ANSWERABLE, CLAIMABLE, CLOSABLE, DeliveryKind, FINAL, REMINDABLE, RESENDABLE, STOPPABLE, afterLostClaim, deliveryExpects } from './invitation-lifecycle';
import { PlannedInvitation, replan } from './invitation-plan';
import { newSurveyToken } from './survey-token';
import type { AuditedBy } from '../audit/audit.service';

/** Anything that runs SQL: the data source or a transaction's manager. */
type Sql = Pick<EntityManager, 'query'>;

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
  preferred_channel: PreferredChannel;
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

/** A final response as stored (responses table), outcome flags included. */
export interface FinalResponseRow {
  mode: ResponseMode;
  collectedAt: Date;
  enteredBy: string | null;
  legPain: number | null;
  backPain: number | null;
  walkingDistance: number | null;
  satisfaction: number | null;
  /** Success v1, and v2 (outcome-flags.ts). */
  success: boolean | null;
  successV2: boolean | null;
  satisfied: boolean | null;
  definitionVersion: string;
}

/** An invitation found by one of its links, with what decides whether the link may be used. */
export interface LinkedInvitation {
  id: string;
  surgeryId: string;
  timepoint: Timepoint;
  status: InvitationStatus;
  closesAt: Date;
  openedAt: Date | null;
  draftAnswers: Answers;
  surgeryDate: string;
  surgeryStatus: SurgeryStatus;
  patientId: string;
  patientStatus: PatientStatus;
  language: Language;
  /** The surgery's baseline answers, null while it has none: a follow-up's success is scored against them. */
  baselineAnswers: Answers | null;
  /** The invitation row's version as read (its xmin): any change to the row gives it a new one. */
  version: string;
}

export interface DeliveryRecord {
  invitationId: string;
  messageId: string;
  kind: DeliveryKind;
  owner: string;
  now: Date;
  /** The invitation's next state (null: unchanged) and timing fields. */
  invitation: {
    status: InvitationStatus | null;
    sentAt?: Date;
    remindedAt?: Date;
    reminderCount?: number;
    nextReminderAt?: Date | null;
    nextAttemptAt?: Date | null;
    attempts: number;
    lastError: string | null;
  };
  message: { status: 'sent' | 'stored' | 'failed'; error: string | null; redactedBody: string | null };
}

/**
 * The only code that writes `invitations`, `survey_tokens` and `outbound_messages`. Every state
 * change is a compare-and-set on the states the lifecycle allows (`status = ANY($expected)`), and
 * every write of a send's outcome is fenced on the claim, so a stop, a reaper or another replica
 * that got there first always wins and the loser learns it lost.
 */
@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---------- planning ----------

  /** The ledger of a new surgery, one row per time point, in the surgery's transaction. */
  async plan(manager: Sql, surgeryId: string, plans: PlannedInvitation[], now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, updated_at)
       SELECT $1, v.timepoint, v.due_at, v.closes_at, v.status, $5
         FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $6::text[]) AS v(timepoint, due_at, closes_at, status)`,
      [surgeryId, plans.map((p) => p.timepoint), plans.map((p) => p.dueAt), plans.map((p) => p.closesAt), now, plans.map((p) => p.status)],
    );
  }

  /**
   * Surgeries that could take a newly configured follow-up: scheduled, of a patient still followed
   * up, without an invitation at that time point yet. Locked (surgery and patient) so a date change,
   * a cancellation or a stop waits for the plan to be written, or is seen by it.
   */
  async surgeriesLacking(manager: Sql, timepoint: Timepoint): Promise<{ surgeryId: string; surgeryDate: string }[]> {
    const rows: { id: string; surgery_date: string }[] = await manager.query(
      `SELECT s.id, s.surgery_date::text AS surgery_date
         FROM surgeries s
         JOIN patients p ON p.id = s.patient_id
        WHERE s.status = 'scheduled' AND p.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.surgery_id = s.id AND i.timepoint = $1)
        ORDER BY s.surgery_date, s.id
          FOR UPDATE OF s, p`,
      [timepoint],
    );
    return rows.map((r) => ({ surgeryId: r.id, surgeryDate: r.surgery_date }));
  }

  /**
   * Adds one planned invitation to each of several existing surgeries. The unique (surgery,
   * timepoint) makes a second run, or a race with another, add nothing twice. Returns how many were added.
   */
  async planMore(manager: Sql, plans: { surgeryId: string; plan: PlannedInvitation }[], now: Date): Promise<number> {
    if (plans.length === 0) return 0;
    const added: unknown[] = await manager.query(
      `INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, updated_at)
       SELECT v.surgery_id, v.timepoint, v.due_at, v.closes_at, v.status, $5
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $6::text[]) AS v(surgery_id, timepoint, due_at, closes_at, status)
       ON CONFLICT (surgery_id, timepoint) DO NOTHING
       RETURNING id`,
      [
        plans.map((p) => p.surgeryId),
        plans.map((p) => p.plan.timepoint),
        plans.map((p) => p.plan.dueAt),
        plans.map((p) => p.plan.closesAt),
        now,
        plans.map((p) => p.plan.status),
      ],
    );
    return added.length;
  }

  /**
   * A changed surgery date: every invitation takes what `replan` says (the same rule the preview
   * shows). Answered ones were checked by the caller; here they and stopped ones stay as they are.
   * Each row is a compare-and-set on the status it was read with. Returns how many changed.
   * A patient no longer followed up (withdrawn, opted out, deceased) gets nothing reopened: their
   * stop stopped everything open, and a new date must not start it again.
   */
  async reschedule(manager: Sql, surgeryId: string, surgeryDate: string, zone: string, now: Date): Promise<number> {
    const rows: { id: string; timepoint: Timepoint; status: InvitationStatus; due_at: Date; closes_at: Date; sent_at: Date | null; claimed: boolean; followed_up: boolean }[] =
      await manager.query(
        `SELECT i.id, i.timepoint, i.status, i.due_at, i.closes_at, i.sent_at, (i.claimed_by IS NOT NULL) AS claimed, p.status = 'active' AS followed_up
           FROM invitations i
           JOIN surgeries s ON s.id = i.surgery_id
           JOIN patients p ON p.id = s.patient_id
          WHERE i.surgery_id = $1 AND i.status <> ALL($2)
          FOR UPDATE OF i`,
        [surgeryId, FINAL],
      );
    let changed = 0;
    for (const row of rows) {
      const next = replan(
        { timepoint: row.timepoint, status: row.status, dueAt: row.due_at, closesAt: row.closes_at, sentAt: row.sent_at, claimed: row.claimed, collectedOn: null, patientActive: row.followed_up },
        surgeryDate,
        now,
        zone,
      );
      if (next.effect === 'unchanged') continue;
      changed += 1;
      await manager.query(
        `UPDATE invitations SET due_at = $3, closes_at = $4, status = $5, next_attempt_at = NULL, updated_at = $6
          WHERE id = $1 AND status = $2 AND claimed_by IS NULL`,
        [row.id, row.status, next.dueAt, next.closesAt, next.status, now],
      );
    }
    return changed;
  }

  // ---------- stops ----------

  /**
   * Surgery cancel, withdrawal, opt-out and death all stop here. Everything still open is
   * cancelled at once with its reason, claims in flight included: clearing the claim makes the
   * sender's pre-send fence and its outcome fence fail, so a stopped invitation is never recorded
   * sent or reminded afterwards. Messages not yet handed over are cancelled too.
   */
  async stop(manager: Sql, scope: { surgeryId: string } | { patientId: string }, reason: StopReason, now: Date): Promise<number> {
    const [bySurgery, id] = 'surgeryId' in scope ? [true, scope.surgeryId] : [false, scope.patientId];
    const [stopped]: { id: string }[][] = await manager.query(
      `UPDATE invitations i
          SET status = 'cancelled', stop_reason = $3, claimed_by = NULL, lease_until = NULL,
              next_reminder_at = NULL, next_attempt_at = NULL, updated_at = $4
         FROM surgeries s
        WHERE s.id = i.surgery_id AND ${bySurgery ? 's.id' : 's.patient_id'} = $1 AND i.status = ANY($2)
        RETURNING i.id`,
      [id, STOPPABLE, reason, now],
    );
    const ids = (stopped ?? []).map((r) => r.id);
    if (ids.length > 0) {
      await manager.query(
        `UPDATE outbound_messages SET status = 'cancelled', error = 'Follow-up stopped before sending'
          WHERE invitation_id = ANY($1::uuid[]) AND status = 'queued' AND attempted_at IS NULL`,
        [ids],
      );
    }
    return ids.length;
  }

  // ---------- the dispatcher ----------

  /** A survey is never sent after its window closes: open rows past `closes_at` become `missed`. */
  async closeExpiredWindows(now: Date): Promise<number> {
    const [, count] = await this.dataSource.query(
      `UPDATE invitations SET status = 'missed', next_reminder_at = NULL, updated_at = $1
        WHERE status = ANY($2) AND closes_at <= $1 AND claimed_by IS NULL`,
      [now, CLOSABLE],
    );
    return Number(count ?? 0);
  }

  /**
   * Takes back claims whose process stopped (lease expired). A first message never handed to
   * SMTP (`attempted_at` unset) is safe to retry; one that was handed over may have arrived, so it
   * becomes `unknown` for a person to review. A reminder in doubt is skipped, never resent.
   */
  async reapExpiredLeases(now: Date): Promise<{ retried: number; unknown: number; released: number }> {
    return this.dataSource.transaction((manager) =>
      this.takeBack(manager, `i.claimed_by IS NOT NULL AND i.lease_until < $1 FOR UPDATE OF i SKIP LOCKED`, [now], now),
    );
  }

  /**
   * A process shutting down gives back the claims it holds on messages it never handed over (the
   * same rule as the reaper's, without waiting for the lease): first sends become `pending`
   * again, a reminder's unsent message is dropped. Returns how many it released.
   */
  async releaseUnsent(owner: string, ids: string[], now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const { released } = await this.dataSource.transaction((manager) =>
      this.takeBack(manager, `i.id = ANY($1::uuid[]) AND i.claimed_by = $2 AND m.attempted_at IS NULL FOR UPDATE OF i`, [ids, owner], now),
    );
    return released;
  }

  /** Takes back the claims of the rows `where` selects, by afterLostClaim: attempted means in doubt. */
  private async takeBack(manager: Sql, where: string, params: unknown[], now: Date): Promise<{ retried: number; unknown: number; released: number }> {
    const rows: { id: string; status: InvitationStatus; attempted: boolean; message_id: string | null }[] = await manager.query(
      `SELECT i.id, i.status, m.id AS message_id, (m.attempted_at IS NOT NULL) AS attempted
         FROM invitations i
         LEFT JOIN LATERAL (
           SELECT id, attempted_at FROM outbound_messages
            WHERE invitation_id = i.id ORDER BY sequence DESC LIMIT 1
         ) m ON true
        WHERE ${where}`,
      params,
    );
    let retried = 0;
    let unknown = 0;
    for (const row of rows) {
      const next = afterLostClaim(row.status, row.attempted);
      if (next === 'pending') retried += 1;
      if (next === 'unknown') unknown += 1;
      await manager.query(
        `UPDATE invitations SET status = $3, claimed_by = NULL, lease_until = NULL, updated_at = $2,
                last_error = CASE WHEN $3 = 'unknown'
                  THEN 'The sending process stopped after handing the message over; check with the patient before resending'
                  ELSE last_error END
          WHERE id = $1 AND status = $4`,
        [row.id, now, next, row.status],
      );
      if (row.attempted) {
        await manager.query(`UPDATE outbound_messages SET status = 'unknown' WHERE id = $1 AND status = 'queued'`, [row.message_id]);
      } else if (row.status !== 'claimed') {
        // A reminder never handed over: drop its message; the next cycle claims and sends it again.
        await manager.query(`DELETE FROM outbound_messages WHERE id = $1 AND attempted_at IS NULL`, [row.message_id]);
      }
    }
    return { retried, unknown, released: rows.length };
  }

  /** Due first sends. SKIP LOCKED: replicas ticking together each take different rows instead of waiting. */
  dueFirstSends(manager: Sql, now: Date, limit: number): Promise<DueRow[]> {
    return manager.query(
      `${DUE_ROWS}
        WHERE i.status = ANY($3) AND coalesce(i.next_attempt_at, i.due_at) <= $1 AND i.due_at <= $1 AND i.closes_at > $1
          AND s.status = 'scheduled' AND p.status = 'active' AND p.preferred_channel <> 'paper'
        ORDER BY coalesce(i.next_attempt_at, i.due_at)
        LIMIT $2
        FOR UPDATE OF i SKIP LOCKED`,
      [now, limit, CLAIMABLE],
    );
  }

  /** Reminders due: sent or reminded, not answered, window open, nobody holding them. */
  dueReminders(manager: Sql, now: Date, limit: number): Promise<DueRow[]> {
    return manager.query(
      `${DUE_ROWS}
        WHERE i.status = ANY($3) AND i.next_reminder_at <= $1 AND i.closes_at > $1
          AND i.claimed_by IS NULL AND s.status = 'scheduled' AND p.status = 'active' AND p.preferred_channel <> 'paper'
        ORDER BY i.next_reminder_at
        LIMIT $2
        FOR UPDATE OF i SKIP LOCKED`,
      [now, limit, REMINDABLE],
    );
  }

  async markUnreachable(manager: Sql, ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE invitations SET status = 'failed', updated_at = $2, last_error = 'No email address or phone number on file'
        WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [ids, now],
    );
  }

  /** Claims rows under a lease; first sends become `claimed`, reminders keep their status. */
  async claim(manager: Sql, ids: string[], lease: Lease, now: Date, kind: DeliveryKind): Promise<void> {
    await manager.query(
      `UPDATE invitations
          SET claimed_by = $2, lease_until = $3, updated_at = $4${kind === 'first' ? `, status = 'claimed'` : ''}
        WHERE id = ANY($1::uuid[]) AND status = ANY($5) AND claimed_by IS NULL`,
      [ids, lease.owner, lease.until, now, kind === 'first' ? CLAIMABLE : REMINDABLE],
    );
  }

  /**
   * Writes the outbox rows in the claim's transaction. A retried first send reuses its row (one
   * first message per invitation), and so does a person's resend of a send whose outcome was
   * unknown; a reminder already written is not written twice.
   */
  async writeOutbox(manager: Sql, messages: NewMessage[], now: Date): Promise<Map<string, string>> {
    const rows: { id: string; invitation_id: string }[] = await manager.query(
      `INSERT INTO outbound_messages (invitation_id, kind, sequence, channel, recipient, subject, body, created_at)
       SELECT v.invitation_id, CASE WHEN v.sequence = 0 THEN 'invitation' ELSE 'reminder' END, v.sequence,
              v.channel, v.recipient, v.subject, v.body, $7
         FROM unnest($1::uuid[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS v(invitation_id, sequence, channel, recipient, subject, body)
       ON CONFLICT (invitation_id, sequence) DO UPDATE
          SET channel = EXCLUDED.channel, recipient = EXCLUDED.recipient, subject = EXCLUDED.subject, body = EXCLUDED.body,
              status = 'queued', error = NULL, attempted_at = NULL, sent_at = NULL, created_at = EXCLUDED.created_at
        WHERE outbound_messages.sequence = 0 AND outbound_messages.status IN ('queued', 'failed', 'cancelled', 'unknown')
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

  /** Releases claims that got no outbox row (e.g. a reminder that already exists). */
  async releaseClaims(manager: Sql, ids: string[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE invitations SET claimed_by = NULL, lease_until = NULL,
              status = CASE WHEN status = 'claimed' THEN 'pending' ELSE status END
        WHERE id = ANY($1::uuid[]) AND claimed_by = $2`,
      [ids, owner],
    );
  }

  /**
   * A reminder whose message already exists (handed over by a process that died: in doubt) is
   * skipped, never resent: it counts as done, the next one is due on its day, and the claim goes.
   */
  async skipReminder(manager: Sql, id: string, owner: string, sequence: number, nextReminderAt: Date | null, now: Date): Promise<void> {
    await manager.query(
      `UPDATE invitations SET reminder_count = $3, next_reminder_at = $4, claimed_by = NULL, lease_until = NULL, updated_at = $5
        WHERE id = $1 AND claimed_by = $2 AND status = ANY($6)`,
      [id, owner, sequence, nextReminderAt, now, REMINDABLE],
    );
  }

  /**
   * The pre-send fence: stamps `attempted_at` only while this process still holds a live lease.
   * No row back means the claim was lost (stopped, reaped), and the message must not be sent.
   */
  async markAttempted(messageId: string, owner: string, now: Date): Promise<boolean> {
    const [rows]: unknown[][] = await this.dataSource.query(
      `UPDATE outbound_messages m SET attempted_at = $3
         FROM invitations i
        WHERE m.id = $1 AND m.status = 'queued' AND i.id = m.invitation_id AND i.claimed_by = $2 AND i.lease_until > $3
        RETURNING m.id`,
      [messageId, owner, now],
    );
    return rows.length > 0;
  }

  /**
   * Records one delivery. The invitation changes only while this process holds the claim and the
   * invitation is still in the state the lifecycle expects; the message records what happened to
   * it either way (a message handed to SMTP just before a stop did leave; one the reaper marked
   * `unknown` while its send was slow now has a known outcome). Returns false when the
   * invitation's claim had been lost.
   */
  async recordDelivery(record: DeliveryRecord): Promise<boolean> {
    const i = record.invitation;
    return this.dataSource.transaction(async (manager) => {
      const [fenced]: { id: string }[][] = await manager.query(
        `UPDATE invitations
            SET status = coalesce($3, status),
                sent_at = coalesce($4, sent_at),
                reminded_at = coalesce($5, reminded_at),
                reminder_count = coalesce($6, reminder_count),
                next_reminder_at = CASE WHEN $7::boolean THEN $8 ELSE next_reminder_at END,
                next_attempt_at = $9, attempts = $10, last_error = $11,
                claimed_by = NULL, lease_until = NULL, updated_at = $12
          WHERE id = $1 AND claimed_by = $2 AND status = ANY($13)
          RETURNING id`,
        [
          record.invitationId,
          record.owner,
          i.status,
          i.sentAt ?? null,
          i.remindedAt ?? null,
          i.reminderCount ?? null,
          i.nextReminderAt !== undefined,
          i.nextReminderAt ?? null,
          i.nextAttemptAt ?? null,
          i.attempts,
          i.lastError,
          record.now,
          deliveryExpects(record.kind),
        ],
      );
      const m = record.message;
      await manager.query(
        `UPDATE outbound_messages
            SET status = $2, error = $3, body = coalesce($4, body), sent_at = CASE WHEN $2 = 'failed' THEN NULL ELSE $5::timestamptz END
          WHERE id = $1 AND status IN ('queued', 'unknown')`,
        [record.messageId, m.status, m.error, m.redactedBody, record.now],
      );
      return (fenced ?? []).length > 0;
    });
  }

  // ---------- people: patients and staff ----------

  /**
   * The one lookup behind every use of a link (linkQuery). The patient's routes usually have it
   * already, read without a lock in the rate limit's own statement (RateLimitGuard); this reads it
   * again, with `lock` inside a transaction.
   */
  async findByLink(manager: Sql, tokenHash: Buffer, lock: boolean): Promise<LinkedInvitation | null> {
    const [row] = await manager.query(prepared(lock ? 'link_locked' : 'link', linkQuery('$1', lock)), [tokenHash]);
    return toLinkedInvitation(row);
  }

  /** A new live link for an invitation; only its hash is stored. Links sent earlier keep working. */
  async issueLink(manager: Sql, invitationId: string, now: Date): Promise<string> {
    const { token, hash } = newSurveyToken();
    await this.storeLinks(manager, [{ invitationId, hash }], now);
    return token;
  }

  async storeLinks(manager: Sql, rows: { invitationId: string; hash: Buffer }[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO survey_tokens (token_hash, invitation_id, created_at)
       SELECT hash, invitation_id, $3 FROM unnest($1::bytea[], $2::uuid[]) AS t(hash, invitation_id)`,
      [rows.map((r) => r.hash), rows.map((r) => r.invitationId), now],
    );
  }

  async markOpened(manager: Sql, invitationId: string, now: Date): Promise<boolean> {
    const [rows]: unknown[][] = await manager.query(
      `UPDATE invitations SET opened_at = $2 WHERE id = $1 AND opened_at IS NULL RETURNING id`,
      [invitationId, now],
    );
    return rows.length > 0;
  }

  /** Merges partial answers into the draft (a key set to null is left as saved). */
  async saveDraft(manager: Sql, invitationId: string, answers: Answers, now: Date): Promise<void> {
    await manager.query(
      `UPDATE invitations SET draft_answers = draft_answers || jsonb_strip_nulls($2::jsonb), updated_at = $3 WHERE id = $1 AND status = ANY($4)`,
      [invitationId, JSON.stringify(answers), now, STOPPABLE],
    );
  }

  /**
   * The final answer arrived: the invitation becomes completed from any answerable state and the
   * response row is written, in one statement (a submission is round trips, so each one counts).
   * `completed` is false when the invitation was not answerable; `stored` is false when it already
   * had its final response (one per invitation: ON CONFLICT DO NOTHING). The caller's transaction
   * must be rolled back unless both are true. `audited` is the audit row of the answer, written in
   * this same statement when the response is stored.
   *
   * With `unchangedSince` (a version from findByLink) the statement also changes nothing unless the
   * invitation row is still that version and has no response, and needs no transaction around it
   * (ResponsesService.recordIfUnchanged). That rests on two rules of this repository: this is the
   * only statement that writes `responses`, always with the invitation row; and everything that
   * closes a link (`stop`, `closeExpiredWindows`, `reschedule`) writes the invitation row too.
   */
  async completeWithResponse(
    manager: Sql,
    invitationId: string,
    now: Date,
    response: FinalResponseRow,
    audited: AuditedBy,
    unchangedSince: string | null = null,
  ): Promise<{ completed: boolean; stored: boolean; responseId: string | null }> {
    const audit = audited('stored', 16);
    const [row]: { completed: boolean; stored: boolean; response_id: string | null }[] = await manager.query(prepared('complete_with_response',
      `WITH done AS (
         UPDATE invitations
            SET status = 'completed', completed_at = $2, draft_answers = '{}'::jsonb, claimed_by = NULL, lease_until = NULL,
                next_reminder_at = NULL, next_attempt_at = NULL, updated_at = $2
          WHERE id = $1 AND status = ANY($3)
            AND ($15::xid IS NULL OR (xmin = $15::xid AND NOT EXISTS (SELECT 1 FROM responses WHERE invitation_id = $1)))
          RETURNING id
       ), stored AS (
         INSERT INTO responses (invitation_id, mode, collected_at, entered_by, leg_pain, back_pain, walking_distance, satisfaction,
                                success, satisfied, definition_version, success_v2)
         SELECT id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM done
         ON CONFLICT (invitation_id) DO NOTHING
         RETURNING id
       ), audited AS (
         ${audit.sql}
       )
       SELECT EXISTS (SELECT 1 FROM done) AS completed, EXISTS (SELECT 1 FROM stored) AS stored, (SELECT id FROM stored) AS response_id`),
      [
        invitationId,
        now,
        ANSWERABLE,
        response.mode,
        response.collectedAt,
        response.enteredBy,
        response.legPain,
        response.backPain,
        response.walkingDistance,
        response.satisfaction,
        response.success,
        response.satisfied,
        response.definitionVersion,
        response.successV2,
        unchangedSince,
        ...audit.params,
      ],
    );
    return { completed: row.completed, stored: row.stored, responseId: row.response_id };
  }

  /** A person's resend: a failed or unknown send goes back to pending, and the next dispatch sends it with a new link. */
  async resend(manager: Sql, invitationId: string, now: Date): Promise<boolean> {
    const [rows]: unknown[][] = await manager.query(
      `UPDATE invitations SET status = 'pending', attempts = 0, next_attempt_at = NULL, last_error = NULL, updated_at = $2
        WHERE id = $1 AND status = ANY($3)
        RETURNING id`,
      [invitationId, now, RESENDABLE],
    );
    return rows.length > 0;
  }
}

/**
 * The link lookup: invitation, surgery, patient and the surgery's baseline answers in one
 * statement, so a submission can score itself without reading again. `hash` is the placeholder of
 * the token's sha256; read the row with toLinkedInvitation.
 */
export function linkQuery(hash: string, lock: boolean): string {
  return `SELECT i.id, i.xmin::text AS version, i.surgery_id, i.timepoint, i.status, i.closes_at, i.opened_at, i.draft_answers,
                 to_char(s.surgery_date, 'YYYY-MM-DD') AS surgery_date, s.status AS surgery_status,
                 p.id AS patient_id, p.status AS patient_status, p.language,
                 br.id IS NOT NULL AS has_baseline, br.leg_pain AS baseline_leg_pain, br.back_pain AS baseline_back_pain,
                 br.walking_distance AS baseline_walking_distance, br.satisfaction AS baseline_satisfaction
            FROM survey_tokens t
            JOIN invitations i ON i.id = t.invitation_id
            JOIN surgeries s ON s.id = i.surgery_id
            JOIN patients p ON p.id = s.patient_id
            LEFT JOIN invitations bi ON bi.surgery_id = i.surgery_id AND bi.timepoint = 'baseline'
            LEFT JOIN responses br ON br.invitation_id = bi.id
           WHERE t.token_hash = ${hash}
           ${lock ? 'FOR UPDATE OF i' : ''}`;
}

/** A row of linkQuery (null when there is none, or when its columns are null: a LEFT JOIN found no link). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw row of linkQuery
export function toLinkedInvitation(row: Record<string, any> | undefined): LinkedInvitation | null {
  if (!row || row.id === null || row.id === undefined) return null;
  return {
    id: row.id,
    surgeryId: row.surgery_id,
    timepoint: row.timepoint,
    status: row.status,
    closesAt: row.closes_at,
    openedAt: row.opened_at,
    draftAnswers: row.draft_answers ?? {},
    surgeryDate: row.surgery_date,
    surgeryStatus: row.surgery_status,
    patientId: row.patient_id,
    patientStatus: row.patient_status,
    language: row.language,
    baselineAnswers: row.has_baseline
      ? {
          legPain: row.baseline_leg_pain,
          backPain: row.baseline_back_pain,
          walkingDistance: row.baseline_walking_distance,
          satisfaction: row.baseline_satisfaction,
        }
      : null,
    version: row.version,
  };
}
