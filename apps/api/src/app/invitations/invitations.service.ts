import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import type { IssuedLinkView, StaffResponseRequest } from '@stride/contracts';
import { InvitationEntity } from './invitation.entity';
import { ResponsesService } from './responses.service';
import { newSurveyToken, storeSurveyTokens, surveyUrl } from './survey-token';
import { SurgeryEntity } from '../surgeries/surgery.entity';
import { PatientEntity } from '../patients/patient.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Caller } from '../auth/caller';
import { assertCanSeePatient } from '../auth/access';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/domain-errors';

interface LoadedInvitation {
  invitation: InvitationEntity;
  surgery: SurgeryEntity;
  patient: PatientEntity;
}


@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly responses: ResponsesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A survey collected on paper, by phone or in clinic, entered by staff with the date it was collected. */
  async recordStaffResponse(caller: Caller, invitationId: string, request: StaffResponseRequest): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const { invitation, surgery } = await this.loadForCaller(manager, caller, invitationId);
      if (invitation.status === 'completed') throw new ConflictError('This time point already has a response');
      if (invitation.status === 'cancelled' || surgery.status === 'cancelled') {
        throw new ConflictError('This surgery was cancelled; its surveys are closed');
      }
      const collectedAt = this.checkCollectedAt(request.collectedAt, invitation, surgery, now);
      await this.responses.record(
        manager,
        invitation,
        { answers: request.answers, mode: request.mode, collectedAt, enteredBy: caller.id },
        now,
      );
      await this.audit.record(
        caller,
        { action: 'response.staff_entry', entityType: 'invitation', entityId: invitationId, detail: { mode: request.mode } },
        manager,
      );
    });
  }

  /** A fresh link for in-clinic use (e.g. a QR code on a tablet). Links already sent keep working. */
  async issueLink(caller: Caller, invitationId: string): Promise<IssuedLinkView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const { invitation, surgery } = await this.loadForCaller(manager, caller, invitationId);
      if (invitation.status === 'completed') throw new ConflictError('This survey has already been completed');
      if (surgery.status === 'cancelled' || invitation.status === 'cancelled') throw new ConflictError('This surgery was cancelled');
      if (invitation.closesAt.getTime() <= now.getTime()) throw new ConflictError('This survey window has closed');
      const { token, hash } = newSurveyToken();
      await storeSurveyTokens(manager, [{ invitationId: invitation.id, hash }], now);
      await this.audit.record(caller, { action: 'invitation.issue_link', entityType: 'invitation', entityId: invitation.id }, manager);
      return { invitationId: invitation.id, url: surveyUrl(this.config.publicBaseUrl, token), expiresAt: invitation.closesAt.toISOString() };
    });
  }

  private checkCollectedAt(collected: string, invitation: InvitationEntity, surgery: SurgeryEntity, now: Date): Date {
    const zone = this.config.clinicTimezone;
    const day = DateTime.fromISO(collected, { zone });
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    if (day > today) throw new ValidationFailedError([{ field: 'collectedAt', message: 'collectedAt cannot be in the future' }]);
    if (invitation.timepoint === 'baseline' && collected >= surgery.surgeryDate) {
      throw new ValidationFailedError([
        { field: 'collectedAt', message: `a baseline must be collected before the surgery date (${surgery.surgeryDate})` },
      ]);
    }
    if (invitation.timepoint !== 'baseline' && collected < surgery.surgeryDate) {
      throw new ValidationFailedError([
        { field: 'collectedAt', message: `a follow-up cannot be collected before the surgery date (${surgery.surgeryDate})` },
      ]);
    }
    // Noon clinic time: a calendar date, stored as an instant that stays on that date in the clinic's zone.
    return day.set({ hour: 12 }).toJSDate();
  }

  private async loadForCaller(manager: EntityManager, caller: Caller, invitationId: string): Promise<LoadedInvitation> {
    const invitation = await manager.findOne(InvitationEntity, {
      where: { id: invitationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!invitation) throw new NotFoundError('Invitation not found');
    const surgery = await manager.findOneOrFail(SurgeryEntity, { where: { id: invitation.surgeryId }, relations: { patient: true } });
    const patient = surgery.patient as PatientEntity;
    try {
      assertCanSeePatient(caller, patient);
    } catch {
      throw new NotFoundError('Invitation not found');
    }
    return { invitation, surgery, patient };
  }
}
