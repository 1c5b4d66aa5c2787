import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CreateSurgeryRequest, FieldError, ReschedulePreview, SurgeryView, UpdateSurgeryRequest } from '@stride/contracts';
import { SurgeryEntity } from './surgery.entity';
import { surgeryContext, toSurgeryView } from './surgeries.mapper';
import { planInvitations } from '../invitations/invitation-plan';
import { InvitationsRepository } from '../invitations/invitations.repository';
import { STOP_REASON_FOR_PATIENT_STATUS } from '../invitations/invitation-lifecycle';
import { previewReschedule } from './reschedule-preview';
import { PatientsService } from '../patients/patients.service';
import { PatientEntity } from '../patients/patient.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { localDate } from '../common/dates';
import { assertPlausibleSurgeryDate } from '../common/plausible-dates';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Caller } from '../auth/caller';
import { ConflictError, NotFoundError } from '../common/domain-errors';
import { assertCanSeePatient } from '../auth/access';

@Injectable()
export class SurgeriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly invitations: InvitationsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The surgery and its five invitations are written in one transaction: there is never one without the other. */
  async create(caller: Caller, patientId: string, request: CreateSurgeryRequest): Promise<SurgeryView> {
    const patient = await this.patients.findVisible(caller, patientId);
    const id = await this.dataSource.transaction((manager) => this.insert(manager, caller, patient, request));
    return this.view(id, patient);
  }

  /** Inside the caller's transaction; the CSV import writes the patient and this surgery as one. Returns the id. */
  async insert(manager: EntityManager, caller: Caller, patient: PatientEntity, request: CreateSurgeryRequest): Promise<string> {
    assertPlausibleSurgeryDate(request.surgeryDate, patient.birthDate, this.today());
    const surgeon = await this.patients.requireSurgeon(request.surgeonId ?? patient.surgeonId);
    const now = this.clock.now();
    const saved = await manager.save(
      manager.create(SurgeryEntity, {
        patientId: patient.id,
        surgeonId: surgeon.id,
        procedure: request.procedure,
        surgeryDate: request.surgeryDate,
        status: 'scheduled',
      }),
    );
    await this.invitations.plan(manager, saved.id, planInvitations(request.surgeryDate, now, this.config.clinicTimezone, this.config.followUpTimepoints), now);
    // A surgery recorded after the patient withdrew, opted out or died: its follow-up is stopped from
    // the start, with the reason, so a death never counts as a non-responder (Contract v1.1, "who counts").
    if (patient.status !== 'active') {
      await this.invitations.stop(manager, { surgeryId: saved.id }, STOP_REASON_FOR_PATIENT_STATUS[patient.status], now);
    }
    await this.audit.record(caller, { action: 'surgery.create', entityType: 'surgery', entityId: saved.id }, manager);
    return saved.id;
  }

  async update(caller: Caller, id: string, request: UpdateSurgeryRequest): Promise<SurgeryView> {
    const patient = await this.dataSource.transaction(async (manager) => {
      const surgery = await this.lockForCaller(manager, caller, id);
      const patient = surgery.patient as PatientEntity;
      assertScheduled(surgery);
      const now = this.clock.now();
      if (request.status === 'cancelled') {
        await manager.update(SurgeryEntity, { id }, { status: 'cancelled' });
        await this.invitations.stop(manager, { surgeryId: id }, 'surgery_cancelled', now);
      } else if (request.surgeryDate && request.surgeryDate !== surgery.surgeryDate) {
        await this.reschedule(manager, surgery, request.surgeryDate, now);
      }
      await this.audit.record(caller, { action: 'surgery.update', entityType: 'surgery', entityId: id, detail: { ...request } }, manager);
      return patient;
    });
    return this.view(id, patient);
  }

  /** What a date change would do, without doing it: which surveys move, open, close, or block the change. */
  async preview(caller: Caller, id: string, surgeryDate: string): Promise<ReschedulePreview> {
    return this.dataSource.transaction(async (manager) => {
      const surgery = await this.lockForCaller(manager, caller, id, false);
      assertScheduled(surgery);
      assertPlausibleSurgeryDate(surgeryDate, (surgery.patient as PatientEntity).birthDate, this.today());
      return previewReschedule(surgery, surgeryDate, this.clock.now(), this.config.clinicTimezone);
    });
  }

  /**
   * Moves every invitation not yet sent; what has gone out, or been answered, stays as it was.
   * Refused when a recorded answer would fall outside its time point's new window: a baseline
   * after the new surgery date, or a 6-month answer that would now be a 5-month one.
   */
  private async reschedule(manager: EntityManager, surgery: SurgeryEntity, surgeryDate: string, now: Date): Promise<void> {
    assertPlausibleSurgeryDate(surgeryDate, (surgery.patient as PatientEntity).birthDate, this.today());
    const preview = previewReschedule(surgery, surgeryDate, now, this.config.clinicTimezone);
    const stranded: FieldError[] = preview.changes
      .filter((c) => c.effect === 'answer_outside_window')
      .map((c) => ({ field: `invitations.${c.timepoint}`, message: c.explanation }));
    if (stranded.length > 0) {
      throw new ConflictError(
        'The new date would leave recorded answers outside their time points; correct or remove them first',
        stranded,
        'ANSWERS_OUTSIDE_NEW_WINDOWS',
      );
    }
    await manager.update(SurgeryEntity, { id: surgery.id }, { surgeryDate });
    await this.invitations.reschedule(manager, surgery.id, surgeryDate, this.config.clinicTimezone, now);
  }

  private async lockForCaller(manager: EntityManager, caller: Caller, id: string, lock = true): Promise<SurgeryEntity> {
    const surgery = await manager.findOne(SurgeryEntity, {
      where: { id },
      relations: { patient: true, invitations: { response: true } },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const, tables: ['surgeries'] } } : {}),
    });
    if (!surgery?.patient) throw new NotFoundError('Surgery not found');
    assertCanSeePatient(caller, surgery.patient);
    return surgery;
  }

  private async view(id: string, patient: PatientEntity): Promise<SurgeryView> {
    const surgery = await this.dataSource.getRepository(SurgeryEntity).findOneOrFail({
      where: { id },
      relations: { invitations: { response: true } },
    });
    return toSurgeryView(surgery, surgeryContext(patient, this.clock.now(), this.config.clinicTimezone));
  }

  private today(): string {
    return localDate(this.clock.now(), this.config.clinicTimezone);
  }
}

/** A cancelled surgery is final: it can be neither changed nor previewed as if it could. */
function assertScheduled(surgery: SurgeryEntity): void {
  if (surgery.status === 'cancelled') throw new ConflictError('This surgery is cancelled', undefined, 'SURGERY_CANCELLED');
}
