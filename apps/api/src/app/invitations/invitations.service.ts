import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import type { DeliveryProblemView, InvitationView, IssuedLinkView, StaffResponseRequest } from '@stride/contracts';
import { toInvitationView } from './invitations.mapper';
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

  /**
   * An admin's resend of a failed send, or of one whose outcome is unknown after they checked
   * with the patient. The row goes back to `pending`; the next dispatch sends it with a new link.
   */
  async resend(caller: Caller, invitationId: string): Promise<InvitationView> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const { invitation, surgery, patient } = await this.loadForCaller(manager, caller, invitationId);
      if (invitation.status !== 'failed' && invitation.status !== 'unknown') {
        throw new ConflictError(`Only a failed or unknown send can be resent; this one is ${invitation.status}`);
      }
      if (invitation.closesAt.getTime() <= now.getTime()) throw new ConflictError('This survey window has closed');
      if (surgery.status !== 'scheduled' || patient.status !== 'active') throw new ConflictError('Follow-up has stopped for this patient');
      if (!patient.email && !patient.phone) throw new ConflictError('The patient has no email address or phone number on file');
      await manager.update(
        InvitationEntity,
        { id: invitation.id },
        { status: 'pending', attempts: 0, nextAttemptAt: null, lastError: null, updatedAt: now },
      );
      await this.audit.record(
        caller,
        { action: 'invitation.resend', entityType: 'invitation', entityId: invitation.id, detail: { from: invitation.status } },
        manager,
      );
    });
    return toInvitationView(await this.dataSource.getRepository(InvitationEntity).findOneByOrFail({ id: invitationId }));
  }

  /** What needs a person: failed sends, sends of unknown outcome, and recently missed surveys. */
  async deliveryProblems(caller: Caller): Promise<DeliveryProblemView[]> {
    const now = this.clock.now();
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT i.id, i.timepoint, i.status, i.due_at, i.closes_at, i.attempts, i.last_error,
              p.id AS patient_id, p.given_name || ' ' || p.family_name AS patient_name,
              (p.email IS NOT NULL OR p.phone IS NOT NULL) AS reachable
         FROM invitations i
         JOIN surgeries s ON s.id = i.surgery_id
         JOIN patients p ON p.id = s.patient_id
        WHERE i.status IN ('failed', 'unknown') OR (i.status = 'missed' AND i.closes_at > $1::timestamptz - interval '30 days')
        ORDER BY CASE i.status WHEN 'unknown' THEN 0 WHEN 'failed' THEN 1 ELSE 2 END, i.due_at DESC
        LIMIT 500`,
      [now],
    );
    await this.audit.record(caller, { action: 'invitation.delivery_problems', entityType: 'invitation', detail: { count: rows.length } });
    return rows.map((r) => ({
      invitationId: r['id'] as string,
      patientId: r['patient_id'] as string,
      patientName: r['patient_name'] as string,
      timepoint: r['timepoint'] as DeliveryProblemView['timepoint'],
      status: r['status'] as DeliveryProblemView['status'],
      dueAt: (r['due_at'] as Date).toISOString(),
      closesAt: (r['closes_at'] as Date).toISOString(),
      attempts: r['attempts'] as number,
      lastError: (r['last_error'] as string | null) ?? null,
      // Resending only helps when the window is open and there is somewhere to send it.
      resendable: r['status'] !== 'missed' && r['reachable'] === true && (r['closes_at'] as Date).getTime() > now.getTime(),
    }));
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
