import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { CreateSurgeryRequest, SurgeryView, UpdateSurgeryRequest } from '@stride/contracts';
import { SurgeryEntity } from './surgery.entity';
import { toSurgeryView } from './surgeries.mapper';
import { InvitationEntity } from '../invitations/invitation.entity';
import { planBaseline, planFollowUp, planInvitations } from '../invitations/schedule';
import { PatientsService } from '../patients/patients.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Caller } from '../auth/caller';
import { ConflictError, NotFoundError } from '../common/domain-errors';
import { assertCanSeePatient } from '../auth/access';

/** Invitations a changed or cancelled surgery still governs: nothing has gone out for them yet. */
const NOT_YET_SENT = ['pending', 'missed'] as const;
/** A cancelled surgery also closes links already sent but not answered. */
const CANCELLABLE = ['pending', 'sent', 'reminded', 'failed', 'unknown', 'missed'] as const;

@Injectable()
export class SurgeriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The surgery and its five invitations are written in one transaction: there is never one without the other. */
  async create(caller: Caller, patientId: string, request: CreateSurgeryRequest): Promise<SurgeryView> {
    const patient = await this.patients.findVisible(caller, patientId);
    const surgeon = await this.patients.requireSurgeon(request.surgeonId ?? patient.surgeonId);
    const now = this.clock.now();
    const surgery = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(SurgeryEntity, {
          patientId,
          surgeonId: surgeon.id,
          procedure: request.procedure,
          surgeryDate: request.surgeryDate,
          status: 'scheduled',
        }),
      );
      saved.invitations = await manager.save(
        planInvitations(request.surgeryDate, now, this.config.clinicTimezone).map((plan) =>
          manager.create(InvitationEntity, { ...plan, surgeryId: saved.id, draftAnswers: {}, updatedAt: now }),
        ),
      );
      await this.audit.record(caller, { action: 'surgery.create', entityType: 'surgery', entityId: saved.id }, manager);
      return saved;
    });
    return toSurgeryView(surgery);
  }

  async update(caller: Caller, id: string, request: UpdateSurgeryRequest): Promise<SurgeryView> {
    await this.dataSource.transaction(async (manager) => {
      const surgery = await manager.findOne(SurgeryEntity, { where: { id }, relations: { patient: true }, lock: { mode: 'pessimistic_write', tables: ['surgeries'] } });
      if (!surgery?.patient) throw new NotFoundError('Surgery not found');
      assertCanSeePatient(caller, surgery.patient);
      if (surgery.status === 'cancelled') throw new ConflictError('This surgery is cancelled');
      if (request.status === 'cancelled') {
        await this.cancel(manager, surgery);
      } else if (request.surgeryDate && request.surgeryDate !== surgery.surgeryDate) {
        await this.reschedule(manager, surgery, request.surgeryDate);
      }
      await this.audit.record(caller, { action: 'surgery.update', entityType: 'surgery', entityId: id, detail: { ...request } }, manager);
    });
    const updated = await this.dataSource.getRepository(SurgeryEntity).findOneOrFail({
      where: { id },
      relations: { invitations: { response: true } },
    });
    return toSurgeryView(updated);
  }

  private async cancel(manager: EntityManager, surgery: SurgeryEntity): Promise<void> {
    const now = this.clock.now();
    await manager.update(SurgeryEntity, { id: surgery.id }, { status: 'cancelled' });
    await manager.update(
      InvitationEntity,
      { surgeryId: surgery.id, status: In([...CANCELLABLE]) },
      { status: 'cancelled', updatedAt: now },
    );
  }

  /** Moves every invitation not yet sent; what has gone out, or been answered, stays as it was. */
  private async reschedule(manager: EntityManager, surgery: SurgeryEntity, surgeryDate: string): Promise<void> {
    const now = this.clock.now();
    const zone = this.config.clinicTimezone;
    await manager.update(SurgeryEntity, { id: surgery.id }, { surgeryDate });
    const invitations = await manager.find(InvitationEntity, {
      where: { surgeryId: surgery.id, status: In([...NOT_YET_SENT]) },
    });
    for (const invitation of invitations) {
      const plan =
        invitation.timepoint === 'baseline'
          ? planBaseline(surgeryDate, now, zone)
          : planFollowUp(invitation.timepoint, surgeryDate, now, zone);
      await manager.update(
        InvitationEntity,
        { id: invitation.id },
        { dueAt: plan.dueAt, closesAt: plan.closesAt, status: plan.status, updatedAt: now },
      );
    }
  }
}
