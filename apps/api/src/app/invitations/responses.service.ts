import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Answers, ResponseMode, Timepoint } from '@stride/contracts';
import { alertFindings, validateAnswers } from '@stride/outcomes';
import { scoreResponse } from './outcome-flags';
import { ResponseEntity } from './response.entity';
import { InvitationEntity } from './invitation.entity';
import { ConflictError, SurveyCompletedError, ValidationFailedError } from '../common/domain-errors';
import { FinalResponseRow, InvitationsRepository, LinkedInvitation } from './invitations.repository';
import { responseAnswers } from './invitations.mapper';
import { AlertsRepository } from '../alerts/alerts.repository';
import type { AuditedBy } from '../audit/audit.service';

/**
 * What a stored response leaves to do once its transaction has committed (ResponsesService.settle):
 * its surgery, and whether it was a baseline or a follow-up scored without one.
 */
export interface StoredResponse {
  surgeryId: string;
  timepoint: Timepoint;
  scoredWithoutBaseline: boolean;
}

export interface NewResponse {
  answers: Answers;
  mode: ResponseMode;
  collectedAt: Date;
  enteredBy: string | null;
}

/**
 * Stores final responses, whoever collected them, and keeps each response's outcome flags
 * (success v1 and v2, satisfied v1: scoreResponse) and alerts in step with the surgery's baseline.
 */
@Injectable()
export class ResponsesService {
  private readonly logger = new Logger('Responses');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly alerts: AlertsRepository,
  ) {}

  /** Throws a 400 naming each bad field. `complete` requires every item that applies to the time point. */
  validate(answers: unknown, timepoint: Timepoint, complete: boolean): Answers {
    const errors = validateAnswers(answers, timepoint, { complete });
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return answers as Answers;
  }

  /**
   * A patient's answer by link, stored by one statement with no transaction around it, when that
   * is safe: the invitation row is still the version the caller read (a stop, a new window, a
   * saved draft, another answer: every change that matters writes that row), and storing the
   * answer writes nothing beyond the invitation, its response and its audit row (a follow-up that
   * raises no alert; a baseline rescores the surgery's follow-ups). Returns null, having changed
   * nothing, in every other case; the caller then goes the locked way (`record`), which decides
   * what the patient is told. Invalid answers are refused (400) before anything is written, as by
   * `record`. Once stored, the caller settles it (`settle`).
   */
  async recordIfUnchanged(
    manager: EntityManager,
    invitation: Pick<LinkedInvitation, 'id' | 'surgeryId' | 'timepoint' | 'version' | 'baselineAnswers'>,
    response: NewResponse,
    now: Date,
    audited: AuditedBy,
  ): Promise<StoredResponse | null> {
    const answers = this.validate(response.answers, invitation.timepoint, true);
    if (invitation.timepoint === 'baseline') return null; // a baseline rescores the surgery's follow-ups
    if (alertFindings(invitation.timepoint, answers, invitation.baselineAnswers).length > 0) return null;
    const { completed, stored } = await this.invitations.completeWithResponse(
      manager,
      invitation.id,
      now,
      this.row(invitation.timepoint, response, answers, invitation.baselineAnswers),
      audited,
      invitation.version,
    );
    // Only if a response was committed by a writer that did not write the invitation row (none
    // does: completeWithResponse is the one writer of both); the invitation now has that response.
    if (completed && !stored) throw new SurveyCompletedError();
    return completed ? { surgeryId: invitation.surgeryId, timepoint: invitation.timepoint, scoredWithoutBaseline: invitation.baselineAnswers === null } : null;
  }

  /**
   * Must run inside a transaction that holds the invitation row locked. The new response is stored
   * with its outcome flags already computed against the surgery's baseline: `baseline` when the
   * caller has read it (findByLink does), otherwise it is read here. Only a baseline changes other
   * responses (a paper baseline entered after a follow-up changes that follow-up's success), so
   * only a baseline rescores the rest of the surgery. Once the transaction has committed, the
   * caller settles what this returns (`settle`).
   */
  async record(
    manager: EntityManager,
    invitation: Pick<InvitationEntity, 'id' | 'surgeryId' | 'timepoint'>,
    response: NewResponse,
    now: Date,
    audited: AuditedBy,
    baseline?: Answers | null,
  ): Promise<StoredResponse> {
    const answers = this.validate(response.answers, invitation.timepoint, true);
    const isBaseline = invitation.timepoint === 'baseline';
    const before = isBaseline ? null : baseline !== undefined ? baseline : await this.baselineAnswers(manager, invitation.surgeryId);
    const { completed, stored, responseId } = await this.invitations.completeWithResponse(
      manager,
      invitation.id,
      now,
      this.row(invitation.timepoint, response, answers, before),
      audited,
    );
    if (!completed) throw new ConflictError('This survey can no longer be answered', undefined, 'SURVEY_CLOSED');
    // The invitation was answerable but already had its final response.
    if (!stored) throw new SurveyCompletedError();
    // Alerts are raised with the response, in its transaction (one more statement only when the rule finds something).
    if (!isBaseline) await this.alerts.raise(manager, responseId as string, alertFindings(invitation.timepoint, answers, before), now);
    if (isBaseline) await this.rescore(manager, invitation.surgeryId, now);
    return { surgeryId: invitation.surgeryId, timepoint: invitation.timepoint, scoredWithoutBaseline: !isBaseline && before === null };
  }

  /**
   * After the transaction that stored a response has committed. Nothing locks the surgery, so a
   * baseline and a follow-up stored at the same moment can miss each other: the follow-up scored
   * without the baseline its transaction could not see yet, the baseline's rescore without the
   * follow-up not committed yet. Whichever of the two commits last puts it right, reading afresh:
   * a baseline rescores its surgery again; a follow-up scored without a baseline rescores the
   * surgery if one has arrived. One statement more, only for those two (a baseline is stored once
   * per surgery, and most follow-ups have theirs).
   */
  async settle(stored: StoredResponse, now: Date): Promise<void> {
    if (stored.timepoint !== 'baseline' && !stored.scoredWithoutBaseline) return;
    try {
      if (stored.timepoint !== 'baseline' && (await this.baselineAnswers(this.dataSource.manager, stored.surgeryId)) === null) return;
      await this.dataSource.transaction((manager) => this.rescore(manager, stored.surgeryId, now));
    } catch (error) {
      // The response is stored and the answer to its sender stands; only this second look failed.
      this.logger.error(`rescoring surgery ${stored.surgeryId} after its ${stored.timepoint} response failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  /** The response row: the answers, who collected them and how, and their outcome flags against `baseline`. */
  private row(timepoint: Timepoint, response: NewResponse, answers: Answers, baseline: Answers | null): FinalResponseRow {
    return {
      mode: response.mode,
      collectedAt: response.collectedAt,
      enteredBy: response.enteredBy,
      legPain: answers.legPain ?? null,
      backPain: answers.backPain ?? null,
      walkingDistance: answers.walkingDistance ?? null,
      satisfaction: answers.satisfaction ?? null,
      ...scoreResponse(timepoint, baseline, answers),
    };
  }

  /** The surgery's baseline answers, or null while it has none. */
  private async baselineAnswers(manager: EntityManager, surgeryId: string): Promise<Answers | null> {
    const [row]: { leg_pain: number | null; back_pain: number | null; walking_distance: number | null; satisfaction: number | null }[] =
      await manager.query(
        `SELECT r.leg_pain, r.back_pain, r.walking_distance, r.satisfaction
           FROM invitations i JOIN responses r ON r.invitation_id = i.id
          WHERE i.surgery_id = $1 AND i.timepoint = 'baseline'`,
        [surgeryId],
      );
    return row ? { legPain: row.leg_pain, backPain: row.back_pain, walkingDistance: row.walking_distance, satisfaction: row.satisfaction } : null;
  }

  /**
   * Recomputes the outcome flags of every response of a surgery. A paper baseline entered after
   * a follow-up changes that follow-up's success, so the whole surgery is rescored together, and
   * the follow-ups' alerts against the baseline are raised now (never twice: unique per kind).
   */
  async rescore(manager: EntityManager, surgeryId: string, now: Date): Promise<void> {
    const rows = await manager
      .createQueryBuilder(ResponseEntity, 'r')
      .innerJoinAndSelect('r.invitation', 'i')
      .where('i.surgery_id = :surgeryId', { surgeryId })
      .getMany();
    const baseline = rows.find((r) => r.invitation?.timepoint === 'baseline');
    const baselineAnswers = baseline ? responseAnswers(baseline) : null;
    for (const row of rows) {
      const isBaseline = row.invitation?.timepoint === 'baseline';
      const answers = responseAnswers(row);
      const flags = scoreResponse(row.invitation?.timepoint ?? 'baseline', baselineAnswers, answers);
      if (row.success !== flags.success || row.successV2 !== flags.successV2 || row.satisfied !== flags.satisfied || row.definitionVersion !== flags.definitionVersion) {
        await manager.update(ResponseEntity, { id: row.id }, flags);
      }
      if (!isBaseline && row.invitation) await this.alerts.raise(manager, row.id, alertFindings(row.invitation.timepoint, answers, baselineAnswers), now);
    }
  }
}
