import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Answers, ResponseMode, Timepoint } from '@stride/contracts';
import { definitionVersionLabel, evaluateSatisfied, evaluateSuccess, validateAnswers } from '@stride/outcomes';
import { ResponseEntity } from './response.entity';
import { InvitationEntity } from './invitation.entity';
import { ConflictError, SurveyCompletedError, ValidationFailedError } from '../common/domain-errors';
import { InvitationsRepository } from './invitations.repository';
import { responseAnswers } from './invitations.mapper';

export interface NewResponse {
  answers: Answers;
  mode: ResponseMode;
  collectedAt: Date;
  enteredBy: string | null;
}

/**
 * Stores final responses, whoever collected them, and keeps each response's outcome flags
 * (success v1, satisfied v1) in step with the surgery's baseline.
 */
@Injectable()
export class ResponsesService {
  constructor(private readonly invitations: InvitationsRepository) {}

  /** Throws a 400 naming each bad field. `complete` requires every item that applies to the time point. */
  validate(answers: unknown, timepoint: Timepoint, complete: boolean): Answers {
    const errors = validateAnswers(answers, timepoint, { complete });
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return answers as Answers;
  }

  /** Must run inside a transaction that holds the invitation row locked. */
  async record(manager: EntityManager, invitation: Pick<InvitationEntity, 'id' | 'surgeryId' | 'timepoint'>, response: NewResponse, now: Date): Promise<void> {
    const answers = this.validate(response.answers, invitation.timepoint, true);
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(ResponseEntity)
      .values({
        invitationId: invitation.id,
        mode: response.mode,
        collectedAt: response.collectedAt,
        enteredBy: response.enteredBy,
        legPain: answers.legPain ?? null,
        backPain: answers.backPain ?? null,
        walkingDistance: answers.walkingDistance ?? null,
        satisfaction: answers.satisfaction ?? null,
        definitionVersion: definitionVersionLabel(),
      })
      .orIgnore()
      .execute();
    // ON CONFLICT DO NOTHING returns no row when the invitation already has its final response.
    if ((inserted.raw as unknown[]).length === 0) throw new SurveyCompletedError();
    if (!(await this.invitations.complete(manager, invitation.id, now))) {
      throw new ConflictError('This survey can no longer be answered', undefined, 'SURVEY_CLOSED');
    }
    await this.rescore(manager, invitation.surgeryId);
  }

  /**
   * Recomputes the outcome flags of every response of a surgery. A paper baseline entered after
   * a follow-up changes that follow-up's success, so the whole surgery is rescored together.
   */
  async rescore(manager: EntityManager, surgeryId: string): Promise<void> {
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
      const success = isBaseline ? null : evaluateSuccess(baselineAnswers, answers);
      const satisfied = isBaseline ? null : evaluateSatisfied(answers);
      const version = definitionVersionLabel();
      if (row.success !== success || row.satisfied !== satisfied || row.definitionVersion !== version) {
        await manager.update(ResponseEntity, { id: row.id }, { success, satisfied, definitionVersion: version });
      }
    }
  }
}
