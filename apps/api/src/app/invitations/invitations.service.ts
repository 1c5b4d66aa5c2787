import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import type { DeliveryProblemView, ErrorCode, PreferredChannel, InvitationAction, InvitationView, IssuedLinkView, StaffResponseRequest } from '@stride/contracts';
import { toInvitationView } from './invitations.mapper';
import { InvitationEntity } from './invitation.entity';
import { ResponsesService } from './responses.service';
import { InvitationsRepository } from './invitations.repository';
import { InvitationFacts, RESENDABLE, refusal } from './invitation-lifecycle';
import { answerWindow, isInWindow } from './invitation-plan';
import { surveyUrl } from './survey-token';
import { surveyQrSvg } from './survey-qr';
import { SurgeryEntity } from '../surgeries/surgery.entity';
import { surgeryContext } from '../surgeries/surgeries.mapper';
import { PatientEntity } from '../patients/patient.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { isIsoInstant, localDate } from '../common/dates';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Caller } from '../auth/caller';
import { assertCanSeePatient } from '../auth/access';
import { canBeMessaged } from '../patients/patient-contact';
import { ConflictError, NotFoundError, OutsideWindowError, SurveyCompletedError } from '../common/domain-errors';

interface LoadedInvitation {
  invitation: InvitationEntity;
  surgery: SurgeryEntity;
  patient: PatientEntity;
  facts: InvitationFacts;
}

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: InvitationsRepository,
    private readonly responses: ResponsesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A survey collected on paper, by phone or in clinic, entered by staff with the date it was
   * collected. The date must lie in the time point's window (Contract v1.1): a 6-month answer
   * collected at day 15 is not a 6-month answer.
   */
  async recordStaffResponse(caller: Caller, invitationId: string, request: StaffResponseRequest): Promise<void> {
    const now = this.clock.now();
    const stored = await this.dataSource.transaction(async (manager) => {
      const loaded = await this.loadForCaller(manager, caller, invitationId);
      if (loaded.invitation.status === 'completed') throw new SurveyCompletedError();
      // The date first: for a survey not open yet, the answer is "collectedAt is outside the window".
      const collectedAt = this.checkCollectedAt(request.collectedAt, loaded, now);
      this.assertAllowed('record_response', loaded, now);
      const audited = this.audit.insertAfter(caller, { action: 'response.staff_entry', entityType: 'invitation', entityId: invitationId, detail: { mode: request.mode } });
      return this.responses.record(manager, loaded.invitation, { answers: request.answers, mode: request.mode, collectedAt, enteredBy: caller.id }, now, audited);
    });
    await this.responses.settle(stored, now);
  }

  /** A fresh link for in-clinic use (e.g. a QR code on a tablet), only while the survey is open. Links already sent keep working. */
  async issueLink(caller: Caller, invitationId: string): Promise<IssuedLinkView> {
    const now = this.clock.now();
    const issued = await this.dataSource.transaction(async (manager) => {
      const loaded = await this.loadForCaller(manager, caller, invitationId);
      this.assertAllowed('issue_link', loaded, now);
      const token = await this.repository.issueLink(manager, invitationId, now);
      await this.audit.record(caller, { action: 'invitation.issue_link', entityType: 'invitation', entityId: invitationId }, manager);
      return { invitationId, url: surveyUrl(this.config.publicBaseUrl, token), expiresAt: loaded.invitation.closesAt.toISOString() };
    });
    return { ...issued, qrCodeSvg: await surveyQrSvg(issued.url) };
  }

  /**
   * An admin's resend of a failed send, or of one whose outcome is unknown after they checked
   * with the patient. The row goes back to `pending`; the next dispatch sends it with a new link.
   */
  async resend(caller: Caller, invitationId: string): Promise<InvitationView> {
    const now = this.clock.now();
    const loaded = await this.dataSource.transaction(async (manager) => {
      const loaded = await this.loadForCaller(manager, caller, invitationId);
      this.assertAllowed('resend', loaded, now);
      if (!(await this.repository.resend(manager, invitationId, now))) throw new ConflictError('This send is no longer resendable', undefined, 'ACTION_NOT_ALLOWED');
      await this.audit.record(
        caller,
        { action: 'invitation.resend', entityType: 'invitation', entityId: invitationId, detail: { from: loaded.invitation.status } },
        manager,
      );
      return loaded;
    });
    const invitation = await this.dataSource.getRepository(InvitationEntity).findOneByOrFail({ id: invitationId });
    return toInvitationView(invitation, {
      ...surgeryContext(loaded.patient, this.clock.now(), this.config.clinicTimezone),
      surgeryDate: loaded.surgery.surgeryDate,
      surgeryScheduled: loaded.surgery.status === 'scheduled',
    });
  }

  /** What needs a person: failed sends, sends of unknown outcome, and recently missed surveys. */
  async deliveryProblems(caller: Caller): Promise<DeliveryProblemView[]> {
    const now = this.clock.now();
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT i.id, i.timepoint, i.status, i.due_at, i.closes_at, i.attempts, i.last_error,
              p.id AS patient_id, p.given_name || ' ' || p.family_name AS patient_name,
              p.email, p.phone, p.preferred_channel, p.status AS patient_status,
              s.status AS surgery_status, to_char(s.surgery_date, 'YYYY-MM-DD') AS surgery_date
         FROM invitations i
         JOIN surgeries s ON s.id = i.surgery_id
         JOIN patients p ON p.id = s.patient_id
        WHERE i.status = ANY($2) OR (i.status = 'missed' AND i.closes_at > $1::timestamptz - interval '30 days')
        ORDER BY CASE i.status WHEN 'unknown' THEN 0 WHEN 'failed' THEN 1 ELSE 2 END, i.due_at DESC
        LIMIT 500`,
      [now, RESENDABLE],
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
      ...resendState(refusal('resend', {
        status: r['status'] as DeliveryProblemView['status'],
        opensAt: answerWindow(r['timepoint'] as DeliveryProblemView['timepoint'], r['surgery_date'] as string, this.config.clinicTimezone).opensAt,
        closesAt: r['closes_at'] as Date,
        surgeryScheduled: r['surgery_status'] === 'scheduled',
        patientActive: r['patient_status'] === 'active',
        reachable: canBeMessaged({
          preferredChannel: r['preferred_channel'] as PreferredChannel,
          email: r['email'] as string | null,
          phone: r['phone'] as string | null,
        }),
      }, now)),
    }));
  }

  /** Throws the lifecycle's refusal with the code the portal decides on. */
  private assertAllowed(action: InvitationAction, loaded: LoadedInvitation, now: Date): void {
    const reason = refusal(action, loaded.facts, now);
    if (reason === null) return;
    const { status } = loaded.invitation;
    if (status === 'completed') throw new SurveyCompletedError();
    let code: ErrorCode = 'ACTION_NOT_ALLOWED';
    if (!loaded.facts.surgeryScheduled) code = 'SURGERY_CANCELLED';
    else if (status === 'cancelled' || !loaded.facts.patientActive) code = 'FOLLOW_UP_STOPPED';
    else if (action === 'resend' && !loaded.facts.reachable) code = 'NO_CONTACT_DETAILS';
    else if (now < loaded.facts.opensAt || now >= loaded.facts.closesAt) code = 'OUTSIDE_WINDOW';
    if (code === 'OUTSIDE_WINDOW') throw new OutsideWindowError(409, reason);
    throw new ConflictError(reason, undefined, code);
  }

  /**
   * The collection day must be in the time point's window, and not in the future. A date is stored at
   * noon clinic time; an instant as itself, its day being the clinic's day at that moment.
   */
  private checkCollectedAt(collectedAt: string, { invitation, surgery }: LoadedInvitation, now: Date): Date {
    const zone = this.config.clinicTimezone;
    const instant = isIsoInstant(collectedAt) ? DateTime.fromISO(collectedAt, { setZone: true }).setZone(zone) : null;
    const collected = instant ? (instant.toISODate() as string) : collectedAt;
    const window = answerWindow(invitation.timepoint, surgery.surgeryDate, zone);
    const today = localDate(now, zone);
    const range = `${window.firstDay} to ${window.lastDay}`;
    if (collected > today) {
      throw new OutsideWindowError(400, 'collectedAt cannot be in the future', [{ field: 'collectedAt', message: `collectedAt cannot be after today (${today})` }]);
    }
    if (!isInWindow(collected, window)) {
      throw new OutsideWindowError(400, `collectedAt is outside the ${invitation.timepoint} window`, [
        { field: 'collectedAt', message: `a ${invitation.timepoint} answer must be collected between ${range} (surgery ${surgery.surgeryDate})` },
      ]);
    }
    if (instant) return instant.toJSDate();
    // Noon clinic time: a calendar date, stored as an instant that stays on that date in the clinic's zone.
    return DateTime.fromISO(collected, { zone }).set({ hour: 12 }).toJSDate();
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
    const facts: InvitationFacts = {
      status: invitation.status,
      opensAt: answerWindow(invitation.timepoint, surgery.surgeryDate, this.config.clinicTimezone).opensAt,
      closesAt: invitation.closesAt,
      surgeryScheduled: surgery.status === 'scheduled',
      patientActive: patient.status === 'active',
      reachable: canBeMessaged(patient),
    };
    return { invitation, surgery, patient, facts };
  }
}

/** The resend refusal in the two fields a delivery problem carries: a flag, and the reason to show staff. */
function resendState(reason: string | null): Pick<DeliveryProblemView, 'resendable' | 'resendRefusal'> {
  return { resendable: reason === null, resendRefusal: reason };
}
