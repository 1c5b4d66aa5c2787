import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { CountryCode } from 'libphonenumber-js/min';
import type { Language, PatientStatus, SmsInboundRequest, SmsReplyView } from '@stride/contracts';
import { AuditService } from '../audit/audit.service';
import { assertCanSeePatient } from '../auth/access';
import type { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { InvitationsRepository } from '../invitations/invitations.repository';
import { composeSmsReply, SmsReplyKind } from '../messaging/compose';
import { DeliveryService } from '../messaging/delivery.service';
import { stopFollowUp } from '../patients/patient-status';
import { clinicRegion, phoneTail, toE164 } from './phone-number';
import { smsKeyword } from './sms-keywords';

interface SenderPatient {
  id: string;
  phone: string;
  status: PatientStatus;
  language: Language;
}

/**
 * Replies to survey texts (DESIGN.md, "Coordinator and follow-up"). A STOP word opts every patient
 * on that number out through the same stop as the opt-out link; START takes them back; HELP answers
 * with the clinic's name and phone; anything else is kept for staff. The patient rows are locked,
 * and a confirmation goes out only when a status really changed, so a second STOP (or two at once)
 * sends no second confirmation. An unknown number gets the same 204 with nothing done.
 */
@Injectable()
export class SmsInboundService {
  private readonly logger = new Logger('SmsInbound');
  private readonly region: CountryCode;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly delivery: DeliveryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.region = clinicRegion(config.clinic.phone);
  }

  async receive(request: SmsInboundRequest): Promise<void> {
    const from = toE164(request.from, this.region);
    const keyword = smsKeyword(request.text);
    const reply = await this.dataSource.transaction(async (manager) => {
      const patients = from ? await this.patientsAt(manager, from) : [];
      if (patients.length === 0) {
        await this.audit.record(null, { action: 'sms.inbound', entityType: 'patient', detail: { keyword, outcome: 'unknown_sender' } }, manager);
        return null;
      }
      switch (keyword) {
        case 'stop':
          return this.optOut(manager, patients);
        case 'start':
          return this.resubscribe(manager, patients);
        case 'help':
          for (const p of patients) await this.audit.record(null, { action: 'sms.help', entityType: 'patient', entityId: p.id }, manager);
          return { kind: 'help' as const, language: patients[0].language };
        case 'other':
          await this.store(manager, patients, request.text.trim());
          return null;
      }
    });
    if (reply && from) await this.send(from, reply.kind, reply.language);
  }

  /** What a patient texted, newest first, for staff on the patient's page. */
  async list(caller: Caller, patientId: string): Promise<{ items: SmsReplyView[] }> {
    const [patient] = await this.dataSource.query(`SELECT id, surgeon_id AS "surgeonId" FROM patients WHERE id = $1`, [patientId]);
    if (!patient) throw new NotFoundError('Patient not found');
    assertCanSeePatient(caller, patient);
    const rows: { id: string; received_at: Date; text: string }[] = await this.dataSource.query(
      `SELECT id, received_at, text FROM sms_replies WHERE patient_id = $1 ORDER BY received_at DESC, id LIMIT 100`,
      [patientId],
    );
    await this.audit.record(caller, { action: 'patient.sms_replies.read', entityType: 'patient', entityId: patientId });
    return { items: rows.map((r) => ({ id: r.id, receivedAt: r.received_at.toISOString(), text: r.text })) };
  }

  private async patientsAt(manager: EntityManager, e164: string): Promise<SenderPatient[]> {
    const candidates: SenderPatient[] = await manager.query(
      `SELECT id, phone, status, language FROM patients
        WHERE phone IS NOT NULL AND right(regexp_replace(phone, '[^0-9]', '', 'g'), 7) = $1
        ORDER BY created_at, id FOR UPDATE`,
      [phoneTail(e164)],
    );
    return candidates.filter((p) => toE164(p.phone, this.region) === e164);
  }

  private async optOut(manager: EntityManager, patients: SenderPatient[]): Promise<Reply | null> {
    const active = patients.filter((p) => p.status === 'active');
    for (const p of active) {
      const stopped = await stopFollowUp(manager, this.invitations, p.id, 'opted_out', this.clock.now());
      await this.audit.record(null, { action: 'patient.opt_out', entityType: 'patient', entityId: p.id, detail: { via: 'sms', stopped } }, manager);
    }
    return active.length > 0 ? { kind: 'opted_out', language: active[0].language } : null;
  }

  /**
   * START: an opted-out patient is active again, so surveys of any surgery planned from now on are
   * sent. The invitations the opt-out cancelled stay cancelled (a stop is final in the invitation
   * lifecycle, and the denominators keep it); staff can issue a link or record an answer by phone.
   */
  private async resubscribe(manager: EntityManager, patients: SenderPatient[]): Promise<Reply | null> {
    const optedOut = patients.filter((p) => p.status === 'opted_out');
    for (const p of optedOut) {
      await manager.query(`UPDATE patients SET status = 'active' WHERE id = $1 AND status = 'opted_out'`, [p.id]);
      await this.audit.record(null, { action: 'patient.resubscribe', entityType: 'patient', entityId: p.id, detail: { via: 'sms' } }, manager);
    }
    return optedOut.length > 0 ? { kind: 'resubscribed', language: optedOut[0].language } : null;
  }

  private async store(manager: EntityManager, patients: SenderPatient[], text: string): Promise<void> {
    const now = this.clock.now();
    for (const p of patients) {
      await manager.query(`INSERT INTO sms_replies (patient_id, received_at, text) VALUES ($1, $2, $3)`, [p.id, now, text]);
      await this.audit.record(null, { action: 'sms.reply_received', entityType: 'patient', entityId: p.id }, manager);
    }
  }

  /** After commit: a failed reply never undoes the opt-out. Without SMS_URL it is only logged (the demo). */
  private async send(to: string, kind: SmsReplyKind, language: Language): Promise<void> {
    const outcome = await this.delivery.deliver({
      messageId: randomUUID(),
      channel: 'sms',
      recipient: to,
      subject: null,
      body: composeSmsReply(this.config.clinic, kind, language),
    });
    if (outcome.status === 'failed') this.logger.warn(`the ${kind} confirmation could not be sent: ${outcome.error}`);
  }
}

type Reply = { kind: SmsReplyKind; language: Language };
