import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Answers, PublicSurveyView } from '@stride/contracts';
import { surveyQuestions } from '@stride/outcomes';
import { InvitationEntity } from '../invitations/invitation.entity';
import { SurgeryEntity } from '../surgeries/surgery.entity';
import { PatientEntity } from '../patients/patient.entity';
import { ResponsesService } from '../invitations/responses.service';
import { hashSurveyToken, looksLikeSurveyToken } from '../invitations/survey-token';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { SurveyClosedError, SurveyCompletedError, SurveyUnknownError } from '../common/domain-errors';
import { stopFollowUp } from '../patients/patient-status';

interface OpenSurvey {
  invitation: InvitationEntity;
  patient: PatientEntity;
}

/**
 * The patient's side of a survey link. No login: the token is the key, so every call first
 * proves the link is known, open and unanswered. GET never changes anything (mail scanners
 * prefetch links); "opened" is recorded only by the page's own explicit call.
 */
@Injectable()
export class SurveysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly responses: ResponsesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async view(token: string): Promise<PublicSurveyView> {
    const { invitation, patient } = await this.open(this.dataSource.manager, token, false);
    return {
      timepoint: invitation.timepoint,
      language: patient.language,
      questions: surveyQuestions(invitation.timepoint, patient.language),
      savedAnswers: invitation.draftAnswers ?? {},
    };
  }

  async markOpened(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { invitation } = await this.open(manager, token, true);
      if (invitation.openedAt) return;
      await manager.update(InvitationEntity, { id: invitation.id }, { openedAt: this.clock.now() });
      await this.audit.record(null, { action: 'survey.opened', entityType: 'invitation', entityId: invitation.id }, manager);
    });
  }

  /** Partial answers, so a patient can leave and come back. Each saved value is checked like a final one. */
  async saveDraft(token: string, answers: Answers): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { invitation } = await this.open(manager, token, true);
      const checked = this.responses.validate(answers, invitation.timepoint, false);
      await manager.update(
        InvitationEntity,
        { id: invitation.id },
        { draftAnswers: { ...invitation.draftAnswers, ...checked }, updatedAt: this.clock.now() },
      );
    });
  }

  async submit(token: string, answers: Answers): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const { invitation } = await this.open(manager, token, true);
      await this.responses.record(manager, invitation, { answers, mode: 'web', collectedAt: now, enteredBy: null }, now);
      await this.audit.record(null, { action: 'survey.submitted', entityType: 'invitation', entityId: invitation.id }, manager);
    });
  }

  /**
   * One-click opt-out (RFC 8058 List-Unsubscribe-Post, and the link in every message): the patient
   * gets no more surveys. Works with any link the patient was sent, answered or not.
   */
  async optOut(token: string): Promise<void> {
    if (!looksLikeSurveyToken(token)) throw new SurveyUnknownError();
    await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `SELECT s.patient_id, p.status FROM survey_tokens t
           JOIN invitations i ON i.id = t.invitation_id
           JOIN surgeries s ON s.id = i.surgery_id
           JOIN patients p ON p.id = s.patient_id
          WHERE t.token_hash = $1
          FOR UPDATE OF p`,
        [hashSurveyToken(token)],
      );
      if (!row) throw new SurveyUnknownError();
      if (row.status !== 'active') return;
      const stopped = await stopFollowUp(manager, row.patient_id, 'opted_out', this.clock.now());
      await this.audit.record(null, { action: 'patient.opt_out', entityType: 'patient', entityId: row.patient_id, detail: { stopped } }, manager);
    });
  }

  private async open(manager: EntityManager, token: string, lock: boolean): Promise<OpenSurvey> {
    if (!looksLikeSurveyToken(token)) throw new SurveyUnknownError();
    const [link] = await manager.query(`SELECT invitation_id FROM survey_tokens WHERE token_hash = $1`, [hashSurveyToken(token)]);
    const invitation = link
      ? await manager.findOne(InvitationEntity, {
          where: { id: link.invitation_id },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!invitation) throw new SurveyUnknownError();
    if (invitation.status === 'completed') throw new SurveyCompletedError();
    const surgery = await manager.findOneOrFail(SurgeryEntity, { where: { id: invitation.surgeryId }, relations: { patient: true } });
    const patient = surgery.patient as PatientEntity;
    const closed =
      invitation.closesAt.getTime() <= this.clock.now().getTime() ||
      ['missed', 'cancelled'].includes(invitation.status) ||
      surgery.status === 'cancelled' ||
      patient.status !== 'active';
    if (closed) throw new SurveyClosedError();
    return { invitation, patient };
  }
}
