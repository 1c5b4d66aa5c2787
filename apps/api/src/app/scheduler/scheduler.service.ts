import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Channel, Language, SchedulerRunResult, Timepoint } from '@stride/contracts';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { newSurveyToken, surveyUrl } from '../invitations/survey-token';
import { composeInvitation } from '../messaging/compose';
import { Delivery, DeliveryService } from '../messaging/delivery.service';

const BATCH_SIZE = 100;
const MAX_BATCHES_PER_RUN = 200;
const LEASE_MS = 5 * 60_000;
const SEND_CONCURRENCY = 8;
const SURVEY_LINK = /\S+\/s\/[A-Za-z0-9_-]{43}/g;

interface DueRow {
  id: string;
  timepoint: Timepoint;
  closes_at: Date;
  language: Language;
  email: string | null;
  phone: string | null;
  preferred_channel: Channel;
}

/**
 * One dispatch cycle, safe to run on every replica at once. All state is in the database:
 *  1. close what is past its window (`missed`), and turn dead claims into `unknown`;
 *  2. claim due rows with FOR UPDATE SKIP LOCKED and a lease, writing token and outbox row in the
 *     same transaction;
 *  3. send, then fence: only the claimer, still holding the claim, may mark the row `sent`.
 * A claim whose process died after handing a message to SMTP cannot be told apart from one that
 * never sent, so it becomes `unknown` for an admin to review: never resent blind.
 */
@Injectable()
export class SchedulerService {
  private readonly logger = new Logger(SchedulerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delivery: DeliveryService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async runOnce(): Promise<SchedulerRunResult> {
    const result: SchedulerRunResult = { claimed: 0, sent: 0, failed: 0, missed: 0 };
    result.missed = await this.closeExpiredWindows();
    await this.reapExpiredLeases();
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const deliveries = await this.claimBatch();
      if (deliveries.length === 0) break;
      result.claimed += deliveries.length;
      await forEachLimited(deliveries, SEND_CONCURRENCY, async (delivery) => {
        const outcome = await this.sendAndFence(delivery);
        if (outcome === 'failed') result.failed += 1;
        else result.sent += 1;
      });
    }
    return result;
  }

  /** A survey is never sent after its window closes; unanswered ones become `missed`. */
  private async closeExpiredWindows(): Promise<number> {
    const [, count] = await this.dataSource.query(
      `UPDATE invitations SET status = 'missed', updated_at = $1
        WHERE status IN ('pending', 'sent', 'reminded') AND closes_at <= $1`,
      [this.clock.now()],
    );
    return Number(count ?? 0);
  }

  private async reapExpiredLeases(): Promise<void> {
    const [rows] = await this.dataSource.query(
      `UPDATE invitations
          SET status = 'unknown', claimed_by = NULL, lease_until = NULL, updated_at = $1,
              last_error = 'The sending process stopped before confirming delivery; check with the patient before resending'
        WHERE status = 'claimed' AND lease_until < $1
        RETURNING id`,
      [this.clock.now()],
    );
    if (rows?.length) this.logger.warn(`${rows.length} claims expired; marked unknown for review`);
  }

  private async claimBatch(): Promise<(Delivery & { invitationId: string })[]> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      // SKIP LOCKED: replicas ticking together each take different rows instead of waiting.
      const due: DueRow[] = await manager.query(
        `SELECT i.id, i.timepoint, i.closes_at, p.language, p.email, p.phone, p.preferred_channel
           FROM invitations i
           JOIN surgeries s ON s.id = i.surgery_id
           JOIN patients p ON p.id = s.patient_id
          WHERE i.status = 'pending' AND i.due_at <= $1 AND i.closes_at > $1
            AND s.status = 'scheduled' AND p.status = 'active'
          ORDER BY i.due_at
          LIMIT $2
          FOR UPDATE OF i SKIP LOCKED`,
        [now, BATCH_SIZE],
      );
      if (due.length === 0) return [];

      const unreachable = due.filter((row) => !recipientFor(row));
      if (unreachable.length > 0) {
        await manager.query(
          `UPDATE invitations SET status = 'failed', updated_at = $2, last_error = 'No email address or phone number on file'
            WHERE id = ANY($1::uuid[])`,
          [unreachable.map((r) => r.id), now],
        );
      }
      const reachable = due.filter((row) => recipientFor(row));
      if (reachable.length === 0) return [];

      const prepared = reachable.map((row) => {
        const { channel, recipient } = recipientFor(row) as { channel: Channel; recipient: string };
        const { token, hash } = newSurveyToken();
        const link = surveyUrl(this.config.publicBaseUrl, token);
        const text = composeInvitation(channel, row.language, row.timepoint, link, row.closes_at, this.config.clinicTimezone);
        return { row, channel, recipient, hash, ...text };
      });

      await manager.query(
        `UPDATE invitations i
            SET status = 'claimed', claimed_by = $1, lease_until = $2, token_hash = v.hash, updated_at = $3
           FROM unnest($4::uuid[], $5::bytea[]) AS v(id, hash)
          WHERE i.id = v.id`,
        [this.config.instanceId, new Date(now.getTime() + LEASE_MS), now, prepared.map((p) => p.row.id), prepared.map((p) => p.hash)],
      );
      // The outbox row is written in the same transaction as the claim.
      const inserted: { id: string; invitation_id: string }[] = await manager.query(
        `INSERT INTO outbound_messages (invitation_id, kind, channel, recipient, subject, body, created_at)
         SELECT v.invitation_id, 'invitation', v.channel, v.recipient, v.subject, v.body, $6
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
                AS v(invitation_id, channel, recipient, subject, body)
         RETURNING id, invitation_id`,
        [
          prepared.map((p) => p.row.id),
          prepared.map((p) => p.channel),
          prepared.map((p) => p.recipient),
          prepared.map((p) => p.subject),
          prepared.map((p) => p.body),
          now,
        ],
      );
      const messageIds = new Map(inserted.map((r) => [r.invitation_id, r.id]));
      return prepared.map((p) => ({
        invitationId: p.row.id,
        messageId: messageIds.get(p.row.id) as string,
        channel: p.channel,
        recipient: p.recipient,
        subject: p.subject,
        body: p.body,
      }));
    });
  }

  private async sendAndFence(delivery: Delivery & { invitationId: string }): Promise<'sent' | 'failed'> {
    const outcome = await this.delivery.deliver(delivery);
    const now = this.clock.now();
    const ok = outcome.status !== 'failed';
    // The fence: only this process, still holding its claim, may record the outcome.
    const [rows] = await this.dataSource.query(
      `UPDATE invitations
          SET status = $3, sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END,
              last_error = $5, claimed_by = NULL, lease_until = NULL, updated_at = $4
        WHERE id = $1 AND status = 'claimed' AND claimed_by = $2
        RETURNING id`,
      [delivery.invitationId, this.config.instanceId, ok ? 'sent' : 'failed', now, outcome.status === 'failed' ? outcome.error : null],
    );
    if (!rows?.length) this.logger.warn(`lost the claim on invitation ${delivery.invitationId} before recording its send`);
    // Once a message has left through SMTP or the SMS provider, the outbox keeps no live link: the
    // raw token then exists only in the patient's inbox. (Without a transport the outbox is the inbox.)
    await this.dataSource.query(
      `UPDATE outbound_messages SET status = $2, sent_at = $3, error = $4, body = coalesce($5, body) WHERE id = $1`,
      [
        delivery.messageId,
        outcome.status === 'delivered' ? 'sent' : outcome.status,
        ok ? now : null,
        outcome.status === 'failed' ? outcome.error : null,
        outcome.status === 'delivered' ? delivery.body.replace(SURVEY_LINK, '[survey link removed after delivery]') : null,
      ],
    );
    return ok ? 'sent' : 'failed';
  }
}

function recipientFor(row: DueRow): { channel: Channel; recipient: string } | null {
  if (row.preferred_channel === 'sms' && row.phone) return { channel: 'sms', recipient: row.phone };
  if (row.email) return { channel: 'email', recipient: row.email };
  if (row.phone) return { channel: 'sms', recipient: row.phone };
  return null;
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}
