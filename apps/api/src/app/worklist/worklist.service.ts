import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ContactAttemptRequest, ContactAttemptView, WorklistItem, WorklistView } from '@stride/contracts';
import { InvitationFacts } from '../invitations/invitation-lifecycle';
import { answerWindow } from '../invitations/invitation-plan';
import { canBeMessaged } from '../patients/patient-contact';
import { AuditService } from '../audit/audit.service';
import { assertCanSeePatient, surgeonScope } from '../auth/access';
import type { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { byUrgency, worklistReason } from './worklist-reason';
import { toContactAttemptView, toWorklistItem } from './worklist.mapper';
import { WorklistRepository } from './worklist.repository';

/** Who needs a call now and why (DESIGN.md "Coordinator and follow-up"), and the calls made. */
@Injectable()
export class WorklistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: WorklistRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(caller: Caller): Promise<WorklistView> {
    const now = this.clock.now();
    const rows = await this.repository.candidates(now, surgeonScope(caller) ?? null);
    const items: (WorklistItem & { closes: Date })[] = [];
    for (const row of rows) {
      const contact = { preferredChannel: row.preferred_channel, email: row.email, phone: row.phone };
      const reason = worklistReason(
        { status: row.status, dueAt: row.due_at, closesAt: row.closes_at, lastMessageAt: row.last_message_at, messageable: canBeMessaged(contact) },
        now,
      );
      if (!reason) continue;
      const facts: InvitationFacts = {
        status: row.status,
        opensAt: answerWindow(row.timepoint, row.surgery_date, this.config.clinicTimezone).opensAt,
        closesAt: row.closes_at,
        surgeryScheduled: true,
        patientActive: true,
        reachable: canBeMessaged(contact),
      };
      items.push({ ...toWorklistItem(row, reason, facts, now), closes: row.closes_at });
    }
    items.sort((a, b) => byUrgency({ reason: a.reason, closesAt: a.closes }, { reason: b.reason, closesAt: b.closes }));
    await this.audit.record(caller, {
      action: 'worklist.read',
      entityType: 'invitation',
      // Whose contact details this list showed, so the log can answer "who saw patient X".
      detail: { count: items.length, patientIds: [...new Set(items.map((i) => i.patientId))] },
    });
    return { items: items.map(({ closes: _closes, ...item }) => item) };
  }

  /** A call about one survey: who called, when, and how it went. The note stays out of the audit log (it may hold PHI). */
  async logAttempt(caller: Caller, invitationId: string, request: ContactAttemptRequest): Promise<ContactAttemptView> {
    return this.dataSource.transaction(async (manager) => {
      const owner = await this.repository.surgeonOf(manager, invitationId);
      if (!owner) throw new NotFoundError('Invitation not found');
      try {
        assertCanSeePatient(caller, owner);
      } catch {
        throw new NotFoundError('Invitation not found');
      }
      const row = await this.repository.addAttempt(manager, {
        invitationId,
        outcome: request.outcome,
        note: request.note?.trim() || null,
        madeBy: caller.id,
        at: this.clock.now(),
      });
      await this.audit.record(
        caller,
        { action: 'invitation.contact_attempt', entityType: 'invitation', entityId: invitationId, detail: { outcome: request.outcome, attemptId: row.id } },
        manager,
      );
      return toContactAttemptView({ ...row, by_name: caller.name });
    });
  }
}
