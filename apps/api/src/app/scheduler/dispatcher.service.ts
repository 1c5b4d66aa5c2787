import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Channel, SchedulerRunResult } from '@stride/contracts';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { newSurveyToken, surveyUrl } from '../invitations/survey-token';
import { composeInvitation } from '../messaging/compose';
import { Delivery, DeliveryOutcome, DeliveryService } from '../messaging/delivery.service';
import { DeliveryRecord, DueRow, InvitationsRepository, Lease } from '../invitations/invitations.repository';
import { afterDelivery, DeliveryKind, DeliveryResult } from '../invitations/invitation-lifecycle';
import { reminderDueAt, RETRY_BACKOFF_MS } from './reminders';
import { messageRecipient } from '../patients/patient-contact';

const MAX_BATCHES_PER_RUN = 1000;
const SEND_CONCURRENCY = 8;
const SURVEY_LINK = /\S+\/s\/[A-Za-z0-9_-]{43}\S*/g;

interface Job extends Delivery {
  invitationId: string;
  /** 0: the invitation itself; 1 and 2: reminders. */
  sequence: number;
  row: DueRow;
  /** The claim this job was taken under; only it may record the outcome. */
  owner: string;
}

/**
 * The dispatcher: one dispatch cycle, safe to run on every replica at once. All state is in the
 * database, and every write goes through InvitationsRepository:
 *  1. close what is past its window (`missed`); take back dead claims (retry if never handed
 *     over, `unknown` if it was);
 *  2. claim due rows with FOR UPDATE SKIP LOCKED and a lease, writing link and outbox row in the
 *     same transaction;
 *  3. fence, send, fence: a message goes out only while its claim is held, and only the claimer
 *     may record the result. A stop clears the claim, so it always wins over a send in flight.
 * One failing invitation never stops the cycle: errors are caught, logged and counted per invitation.
 */
@Injectable()
export class DispatcherService {
  private readonly logger = new Logger('Dispatcher');
  /** Lifecycle, not work state: set once when the process shuts down. */
  private stopping = false;
  /** The send queues of the batches being sent now, so stop() can take back what has not started. */
  private readonly queues = new Set<Job[]>();

  constructor(
    private readonly repository: InvitationsRepository,
    private readonly delivery: DeliveryService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async runOnce(): Promise<SchedulerRunResult> {
    const result: SchedulerRunResult = { claimed: 0, sent: 0, failed: 0, missed: 0, errors: 0 };
    result.missed = await this.repository.closeExpiredWindows(this.clock.now());
    const reaped = await this.repository.reapExpiredLeases(this.clock.now());
    if (reaped.unknown > 0) this.logger.warn(`${reaped.unknown} sends of unknown outcome; marked for review`);
    for (const kind of ['first', 'reminder'] as const) {
      for (let batch = 0; batch < MAX_BATCHES_PER_RUN && !this.stopping; batch++) {
        let jobs: Job[];
        try {
          jobs = await this.claimBatch(kind);
        } catch (error) {
          // The claim's transaction rolled back: nothing was taken. Leave the rest to the next tick.
          this.logger.error(`could not claim a ${kind} batch: ${describe(error)}`);
          result.errors += 1;
          break;
        }
        if (jobs.length === 0) break;
        result.claimed += jobs.length;
        await this.sendBatch(jobs, async (job) => {
          try {
            const outcome = await this.sendAndFence(job);
            if (outcome === 'sent') result.sent += 1;
            else if (outcome === 'failed') result.failed += 1;
          } catch (error) {
            // Isolated: this invitation's lease expires and the reaper decides (retry or unknown).
            this.logger.error(`invitation ${job.invitationId}: ${describe(error)}`);
            result.errors += 1;
          }
        });
        if (this.stopping) return result;
      }
    }
    return result;
  }

  /**
   * Shutting down: no new batch is claimed, sends already handed to SMTP finish and are recorded,
   * and claims this process holds on messages not yet handed over are released at once, so another
   * replica (or the next start) sends them without waiting for the lease to expire.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.queues].map((queue) => this.release(queue.splice(0))));
  }

  /** Up to SEND_CONCURRENCY sends at a time from the batch's queue, which stop() may empty. */
  private async sendBatch(jobs: Job[], send: (job: Job) => Promise<void>): Promise<void> {
    const queue = [...jobs];
    if (this.stopping) return this.release(queue);
    this.queues.add(queue);
    try {
      const workers = Array.from({ length: Math.min(SEND_CONCURRENCY, queue.length) }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) await send(job);
      });
      await Promise.all(workers);
    } finally {
      this.queues.delete(queue);
    }
  }

  private async release(jobs: Job[]): Promise<void> {
    if (jobs.length === 0) return;
    try {
      const released = await this.repository.releaseUnsent(jobs[0].owner, jobs.map((job) => job.invitationId), this.clock.now());
      this.logger.log(`released ${released} claims never handed over, for another process to send`);
    } catch (error) {
      // Left to the reaper: these leases expire and, never attempted, are retried.
      this.logger.error(`could not release ${jobs.length} unsent claims: ${describe(error)}`);
    }
  }

  /**
   * A lease per claimed batch, named by this process and a random claim id: a send that outlives
   * its lease can never record its outcome onto a later claim of the same invitation by this process.
   */
  private lease(): Lease {
    return {
      owner: `${this.config.instanceId}:${randomBytes(6).toString('hex')}`,
      until: new Date(this.clock.now().getTime() + this.config.schedulerLeaseSeconds * 1000),
    };
  }

  private async claimBatch(kind: DeliveryKind): Promise<Job[]> {
    const now = this.clock.now();
    return this.repository.transaction(async (manager) => {
      const due =
        kind === 'first'
          ? await this.repository.dueFirstSends(manager, now, this.config.schedulerBatchSize)
          : await this.repository.dueReminders(manager, now, this.config.schedulerBatchSize);
      if (due.length === 0) return [];
      await this.repository.markUnreachable(manager, due.filter((row) => !recipientFor(row)).map((row) => row.id), now);
      const reachable = due.filter((row) => recipientFor(row));
      if (reachable.length === 0) return [];

      const lease = this.lease();
      await this.repository.claim(manager, reachable.map((r) => r.id), lease, now, kind);
      const prepared = reachable.map((row) => this.prepare(row, kind === 'first' ? 0 : row.reminder_count + 1));
      await this.repository.storeLinks(manager, prepared.map((p) => ({ invitationId: p.invitationId, hash: p.hash })), now);
      const messageIds = await this.repository.writeOutbox(manager, prepared, now);
      const skipped = prepared.filter((p) => !messageIds.has(p.invitationId));
      // A reminder already written was handed over by a process that died: skip to the next one.
      for (const p of kind === 'reminder' ? skipped : []) {
        const next = reminderDueAt(p.row.sent_at ?? now, p.sequence + 1, p.row.closes_at, this.config.clinicTimezone);
        await this.repository.skipReminder(manager, p.invitationId, lease.owner, p.sequence, next, now);
      }
      await this.repository.releaseClaims(manager, skipped.map((p) => p.invitationId), lease.owner);
      return prepared
        .filter((p) => messageIds.has(p.invitationId))
        .map(({ hash: _hash, ...job }) => ({ ...job, owner: lease.owner, messageId: messageIds.get(job.invitationId) as string }));
    });
  }

  private prepare(row: DueRow, sequence: number): Omit<Job, 'messageId' | 'owner'> & { hash: Buffer } {
    const { channel, recipient } = recipientFor(row) as { channel: Channel; recipient: string };
    const { token, hash } = newSurveyToken();
    const survey = surveyUrl(this.config.publicBaseUrl, token);
    const text = composeInvitation(this.config.clinic, {
      channel,
      language: row.language,
      timepoint: row.timepoint,
      links: { survey, optOut: `${survey}/opt-out` },
      closesAt: row.closes_at,
      zone: this.config.clinicTimezone,
      reminder: sequence > 0,
    });
    return {
      invitationId: row.id,
      sequence,
      row,
      hash,
      channel,
      recipient,
      subject: text.subject,
      body: text.body,
      unsubscribeUrl: `${this.config.publicBaseUrl}/api/public/surveys/${token}/opt-out`,
    };
  }

  private async sendAndFence(job: Job): Promise<'sent' | 'failed' | 'retry' | 'lost'> {
    if (!(await this.repository.markAttempted(job.messageId, job.owner, this.clock.now()))) {
      this.logger.warn(`lost the claim on invitation ${job.invitationId} before sending; not sent`);
      return 'lost';
    }
    const outcome = await this.delivery.deliver(job);
    const now = this.clock.now();
    const next = this.nextState(job, outcome, now);
    const recorded = await this.repository.recordDelivery({
      invitationId: job.invitationId,
      messageId: job.messageId,
      kind: job.sequence > 0 ? 'reminder' : 'first',
      owner: job.owner,
      now,
      invitation: next.invitation,
      message: {
        status: outcome.status === 'delivered' ? 'sent' : outcome.status,
        error: outcome.status === 'failed' ? outcome.error : null,
        // Once a message has left, the outbox keeps no live link: the token then exists only in the
        // patient's inbox. (Without a transport the outbox is the inbox, and keeps it.)
        redactedBody: outcome.status === 'delivered' ? job.body.replace(SURVEY_LINK, '[link removed after delivery]') : null,
      },
    });
    if (!recorded) {
      // Stopped or reaped while the message was out: the invitation keeps the state the stop gave it.
      this.logger.warn(`invitation ${job.invitationId} was stopped or reaped during its send; its state is unchanged`);
      return 'lost';
    }
    return next.result;
  }

  private nextState(job: Job, outcome: DeliveryOutcome, now: Date): { result: 'sent' | 'failed' | 'retry'; invitation: DeliveryRecord['invitation'] } {
    const zone = this.config.clinicTimezone;
    const result: DeliveryResult =
      outcome.status !== 'failed' ? outcome.status : outcome.transient ? 'transient_failure' : 'permanent_failure';
    const error = outcome.status === 'failed' ? outcome.error : null;
    if (job.sequence > 0) {
      const status = afterDelivery('reminder', result, false);
      return {
        result: status ? 'sent' : 'failed',
        invitation: {
          status,
          remindedAt: status ? now : undefined,
          reminderCount: job.sequence,
          nextReminderAt: reminderDueAt(job.row.sent_at ?? now, job.sequence + 1, job.row.closes_at, zone),
          attempts: job.row.attempts,
          lastError: error,
        },
      };
    }
    const attempts = job.row.attempts + 1;
    const backoff = RETRY_BACKOFF_MS[attempts - 1];
    const retryAt = backoff === undefined ? null : new Date(now.getTime() + backoff);
    const status = afterDelivery('first', result, retryAt !== null && retryAt < job.row.closes_at);
    if (status === 'sent') {
      return {
        result: 'sent',
        invitation: { status, sentAt: now, nextReminderAt: reminderDueAt(now, 1, job.row.closes_at, zone), attempts, lastError: null },
      };
    }
    if (status === 'pending') return { result: 'retry', invitation: { status, nextAttemptAt: retryAt, attempts, lastError: error } };
    return { result: 'failed', invitation: { status, attempts, lastError: error } };
  }
}

function recipientFor(row: DueRow): { channel: Channel; recipient: string } | null {
  return messageRecipient({ preferredChannel: row.preferred_channel, email: row.email, phone: row.phone });
}

/** An error's message for the log, without the patient's address that an SMTP error may quote. */
function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/[^\s<>@"']+@[^\s<>@"']+/g, '[address]');
}
