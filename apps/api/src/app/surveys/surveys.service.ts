import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Answers, Language, PublicSurveyView, SurveyClosedReason } from '@stride/contracts';
import { surveyQuestions } from '@stride/outcomes';
import { ResponsesService } from '../invitations/responses.service';
import { InvitationsRepository, LinkedInvitation } from '../invitations/invitations.repository';
import { isLinkUsable } from '../invitations/invitation-lifecycle';
import { answerWindow } from '../invitations/invitation-plan';
import { hashSurveyToken, looksLikeSurveyToken } from '../invitations/survey-token';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { SurveyClosedError, SurveyCompletedError, SurveyErrorDetails, SurveyUnknownError } from '../common/domain-errors';
import { stopFollowUp } from '../patients/patient-status';

/**
 * The patient's side of a survey link. No login: the token is the key, so every call first
 * proves the link is known, open and unanswered. GET never changes anything (mail scanners
 * prefetch links); "opened" is recorded only by the page's own explicit call.
 */
@Injectable()
export class SurveysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly responses: ResponsesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `seen`: the link as the rate limit's statement read it (RateLimitGuard), if it did. */
  async view(token: string, seen?: LinkedInvitation | null): Promise<PublicSurveyView> {
    const invitation = await this.open(this.dataSource.manager, token, false, seen);
    return {
      timepoint: invitation.timepoint,
      language: invitation.language,
      questions: surveyQuestions(invitation.timepoint, invitation.language),
      savedAnswers: invitation.draftAnswers,
      clinic: this.config.clinic,
    };
  }

  /**
   * The patient's pick on the survey page's language switch. It is kept on the patient, so every
   * later message and survey comes in it; the page then reloads the questions in that language.
   */
  async setLanguage(token: string, language: Language): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const invitation = await this.open(manager, token, true);
      const [, changed] = await manager.query(`UPDATE patients SET language = $2 WHERE id = $1 AND language <> $2`, [invitation.patientId, language]);
      if (changed > 0) {
        await this.audit.record(null, { action: 'patient.language', entityType: 'patient', entityId: invitation.patientId, detail: { language, via: 'survey' } }, manager);
      }
    });
  }

  async markOpened(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const invitation = await this.open(manager, token, true);
      if (invitation.openedAt) return;
      if (await this.invitations.markOpened(manager, invitation.id, this.clock.now())) {
        await this.audit.record(null, { action: 'survey.opened', entityType: 'invitation', entityId: invitation.id }, manager);
      }
    });
  }

  /** Partial answers, so a patient can leave and come back. Each saved value is checked like a final one. */
  async saveDraft(token: string, answers: Answers): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const invitation = await this.open(manager, token, true);
      const checked = this.responses.validate(answers, invitation.timepoint, false);
      await this.invitations.saveDraft(manager, invitation.id, checked, this.clock.now());
    });
  }

  /**
   * The final answer. Most are one read and one write, with no transaction held open between them
   * (the read is usually `seen`, made with the rate limit's count): the write stores nothing unless
   * the invitation is still as read (recordIfUnchanged). A baseline, an answer that raises an
   * alert, or a link that changed in between goes the locked way instead, which reads the link
   * again and decides. Either way the patient's answer is checked against the same rules, in the
   * same order.
   */
  async submit(token: string, answers: Answers, seen?: LinkedInvitation | null): Promise<void> {
    const now = this.clock.now();
    const response = { answers, mode: 'web' as const, collectedAt: now, enteredBy: null };
    const audited = (invitationId: string) => this.audit.insertAfter(null, { action: 'survey.submitted', entityType: 'invitation', entityId: invitationId });
    const unlocked = await this.open(this.dataSource.manager, token, false, seen);
    const stored =
      (await this.responses.recordIfUnchanged(this.dataSource.manager, unlocked, response, now, audited(unlocked.id))) ??
      (await this.dataSource.transaction(async (manager) => {
        const invitation = await this.open(manager, token, true);
        return this.responses.record(manager, invitation, response, now, audited(invitation.id), invitation.baselineAnswers);
      }));
    await this.responses.settle(stored, now);
  }

  /**
   * One-click opt-out (RFC 8058 List-Unsubscribe-Post, and the link in every message): the patient
   * gets no more surveys. Works with any link the patient was sent, answered or not.
   */
  async optOut(token: string): Promise<void> {
    if (!looksLikeSurveyToken(token)) throw new SurveyUnknownError(this.details());
    await this.dataSource.transaction(async (manager) => {
      const invitation = await this.invitations.findByLink(manager, hashSurveyToken(token), false);
      if (!invitation) throw new SurveyUnknownError(this.details());
      const [patient] = await manager.query(`SELECT status FROM patients WHERE id = $1 FOR UPDATE`, [invitation.patientId]);
      if (patient?.status !== 'active') return;
      const stopped = await stopFollowUp(manager, this.invitations, invitation.patientId, 'opted_out', this.clock.now());
      await this.audit.record(null, { action: 'patient.opt_out', entityType: 'patient', entityId: invitation.patientId, detail: { stopped } }, manager);
    });
  }

  /** The link, checked for use now. `seen`, an unlocked read made already, stands in for reading it here unless `lock`. */
  private async open(manager: EntityManager, token: string, lock: boolean, seen?: LinkedInvitation | null): Promise<LinkedInvitation> {
    if (!looksLikeSurveyToken(token)) throw new SurveyUnknownError(this.details());
    const invitation = seen !== undefined && !lock ? seen : await this.invitations.findByLink(manager, hashSurveyToken(token), lock);
    if (!invitation) throw new SurveyUnknownError(this.details());
    if (invitation.status === 'completed') throw new SurveyCompletedError(this.details(invitation));
    const usable = isLinkUsable(
      {
        status: invitation.status,
        opensAt: answerWindow(invitation.timepoint, invitation.surgeryDate, this.config.clinicTimezone).opensAt,
        closesAt: invitation.closesAt,
        surgeryScheduled: invitation.surgeryStatus === 'scheduled',
        patientActive: invitation.patientStatus === 'active',
      },
      this.clock.now(),
    );
    if (!usable) throw new SurveyClosedError({ ...this.details(invitation), reason: closedReason(invitation) });
    return invitation;
  }

  /** The clinic to call, on every end page of a link, and the patient's language when the link is known. */
  private details(invitation?: LinkedInvitation): SurveyErrorDetails {
    return invitation ? { clinic: this.config.clinic, language: invitation.language } : { clinic: this.config.clinic };
  }
}

/** An opt-out is told apart from a window that passed: the page then says how to re-join. */
function closedReason(invitation: LinkedInvitation): SurveyClosedReason {
  if (invitation.patientStatus === 'opted_out') return 'opted_out';
  if (invitation.status === 'cancelled' || invitation.patientStatus !== 'active' || invitation.surgeryStatus !== 'scheduled') return 'stopped';
  return 'closed';
}
