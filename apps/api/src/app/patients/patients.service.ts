import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import type { CreatePatientRequest, Page, PatientListQuery, PatientStatus, PatientSummaryView, PatientView, UpdatePatientRequest } from '@stride/contracts';
import { PatientEntity } from './patient.entity';
import { toPatientSummaryView, toPatientView, PatientListRow } from './patients.mapper';
import { SurgeryEntity } from '../surgeries/surgery.entity';
import { surgeryContext, toSurgeryView } from '../surgeries/surgeries.mapper';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { localDate } from '../common/dates';
import { assertPlausibleAgeAtSurgery, assertPlausibleBirthDate } from '../common/plausible-dates';
import { UserEntity } from '../users/user.entity';
import { newPseudonym } from '../users/pseudonym';
import { AuditService } from '../audit/audit.service';
import { assertCanSeePatient, surgeonScope } from '../auth/access';
import type { Caller } from '../auth/caller';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '../common/domain-errors';
import { Clock } from '../common/clock';
import { stopFollowUp } from './patient-status';
import { PATIENT_LIST_ORDER, patientListWhere } from './patient-list-filter';
import { InvitationsRepository } from '../invitations/invitations.repository';
import { channelProblem, defaultChannel, PatientContact } from './patient-contact';

export const PATIENT_PAGE_SIZE = 25;

const EDITABLE = ['givenName', 'familyName', 'birthDate', 'email', 'phone', 'language', 'preferredChannel'] as const;
type EditableFields = Pick<PatientEntity, (typeof EDITABLE)[number]>;

/** A new patient's contact: trimmed, empty as none, and the channel defaulted from what is there. */
function newContact(request: Pick<CreatePatientRequest, 'email' | 'phone' | 'preferredChannel'>): PatientContact {
  const email = request.email?.trim() || null;
  const phone = request.phone?.trim() || null;
  return { email, phone, preferredChannel: request.preferredChannel ?? defaultChannel(email, phone) };
}

/** The patient's details after an edit: omitted fields kept, text trimmed, an empty contact removed. */
function patientEdit(patient: PatientEntity, request: UpdatePatientRequest): EditableFields {
  const contact = (value: string | null | undefined, current: string | null): string | null =>
    value === undefined ? current : value?.trim() || null;
  return {
    givenName: request.givenName?.trim() ?? patient.givenName,
    familyName: request.familyName?.trim() ?? patient.familyName,
    birthDate: request.birthDate ?? patient.birthDate,
    email: contact(request.email, patient.email),
    phone: contact(request.phone, patient.phone),
    language: request.language ?? patient.language,
    preferredChannel: request.preferredChannel ?? patient.preferredChannel,
  };
}

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(PatientEntity) private readonly patients: Repository<PatientEntity>,
    private readonly audit: AuditService,
    private readonly invitations: InvitationsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Withdrawal, death or opt-out recorded by staff: follow-up stops at once. */
  async setStatus(caller: Caller, id: string, status: Exclude<PatientStatus, 'active'>): Promise<PatientView> {
    await this.dataSource.transaction(async (manager) => {
      const patient = await manager.findOne(PatientEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!patient) throw new NotFoundError('Patient not found');
      assertCanSeePatient(caller, patient);
      const stopped = await stopFollowUp(manager, this.invitations, id, status, this.clock.now());
      await this.audit.record(caller, { action: 'patient.status', entityType: 'patient', entityId: id, detail: { status, stopped } }, manager);
    });
    return this.get(caller, id);
  }

  /**
   * What enrollment checks before it writes: a plausible birth date, a contact for the preferred
   * channel, and a surgeon. Asked by create
   * and by the CSV import's validation of every row, so a dry run refuses what a real run would.
   */
  async checkNew(request: Pick<CreatePatientRequest, 'birthDate' | 'surgeonId' | 'email' | 'phone' | 'preferredChannel'>): Promise<UserEntity> {
    assertPlausibleBirthDate(request.birthDate, localDate(this.clock.now(), this.config.clinicTimezone));
    const problem = channelProblem(newContact(request));
    if (problem) throw new ValidationFailedError([problem]);
    return this.requireSurgeon(request.surgeonId);
  }

  async create(caller: Caller, request: CreatePatientRequest): Promise<PatientView> {
    const { patient, surgeon } = await this.insert(caller, request);
    return toPatientView(patient, surgeon.name, []);
  }

  /** With `manager`, inside the caller's transaction (the import writes a patient and a surgery as one). */
  async insert(
    caller: Caller,
    request: CreatePatientRequest,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ patient: PatientEntity; surgeon: UserEntity }> {
    const surgeon = await this.checkNew(request);
    const { email, phone, preferredChannel } = newContact(request);
    const entity = this.patients.create({
      mrn: request.mrn.trim(),
      givenName: request.givenName.trim(),
      familyName: request.familyName.trim(),
      birthDate: request.birthDate,
      email,
      phone,
      language: request.language,
      preferredChannel,
      status: 'active',
      surgeonId: surgeon.id,
      subjectCode: newPseudonym('S'),
    });
    try {
      await manager.save(PatientEntity, entity);
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        throw new ConflictError('A patient with this MRN is already enrolled', [
          { field: 'mrn', message: 'A patient with this MRN is already enrolled' },
        ]);
      }
      throw error;
    }
    await this.audit.record(caller, { action: 'patient.create', entityType: 'patient', entityId: entity.id }, manager);
    return { patient: entity, surgeon };
  }

  /**
   * An admin's correction of a patient's details. The same checks as enrolment, and a new birth
   * date must also give a plausible age at each scheduled surgery. Surveys not yet sent go out
   * with the new details; a failed send can then be resent (POST /invitations/:id/resend).
   */
  async update(caller: Caller, id: string, request: UpdatePatientRequest): Promise<PatientView> {
    const today = localDate(this.clock.now(), this.config.clinicTimezone);
    await this.dataSource.transaction(async (manager) => {
      const patient = await manager.findOne(PatientEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!patient) throw new NotFoundError('Patient not found');
      assertCanSeePatient(caller, patient);
      const next = patientEdit(patient, request);
      if (next.birthDate !== patient.birthDate) {
        assertPlausibleBirthDate(next.birthDate, today);
        const surgeries = await manager.find(SurgeryEntity, { where: { patientId: id, status: 'scheduled' } });
        for (const surgery of surgeries) assertPlausibleAgeAtSurgery(next.birthDate, surgery.surgeryDate);
      }
      const problem = channelProblem(next);
      if (problem) throw new ValidationFailedError([problem]);
      const changed = EDITABLE.filter((field) => next[field] !== patient[field]);
      if (changed.length === 0) return;
      await manager.update(PatientEntity, id, Object.fromEntries(changed.map((field) => [field, next[field]])));
      // Which fields changed, not their values: the audit log is not a second copy of contact details.
      await this.audit.record(caller, { action: 'patient.update', entityType: 'patient', entityId: id, detail: { fields: changed } }, manager);
    });
    return this.get(caller, id);
  }

  /**
   * A page of patients, each with their latest surgery's follow-up status per time point, filtered
   * and sorted as asked (patientListWhere). A surgeon sees only their own patients and may not ask
   * for another surgeon's (403, as on the dashboard).
   */
  async list(caller: Caller, query: PatientListQuery): Promise<Page<PatientSummaryView>> {
    const scope = surgeonScope(caller);
    if (scope && query.surgeonId && query.surgeonId !== scope) throw new ForbiddenError("A surgeon can only list their own patients");
    const page = query.page ?? 1;
    const where = patientListWhere(query, scope);
    const params = [this.clock.now(), ...where.params];
    // One query: the page of patients, each with their latest surgery's follow-up status per time point.
    const rows: (PatientListRow & { total: string })[] = await this.dataSource.query(
      `SELECT p.id, p.mrn, p.given_name, p.family_name, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date,
              p.surgeon_id, u.name AS surgeon_name,
              to_char(s.surgery_date, 'YYYY-MM-DD') AS surgery_date, f.follow_up,
              count(*) OVER () AS total
         FROM patients p
         JOIN users u ON u.id = p.surgeon_id
         LEFT JOIN LATERAL (
           SELECT id, surgery_date FROM surgeries
            WHERE patient_id = p.id ORDER BY (status = 'scheduled') DESC, surgery_date DESC LIMIT 1
         ) s ON true
         LEFT JOIN LATERAL (
           SELECT json_agg(json_build_object('timepoint', i.timepoint, 'status', i.status) ORDER BY i.due_at) AS follow_up
             FROM invitations i WHERE i.surgery_id = s.id
         ) f ON true
        -- $1 (now) is read by the not_responded filter; typed here so it is valid when unused.
        WHERE $1::timestamptz IS NOT NULL AND ${where.sql}
        ORDER BY ${PATIENT_LIST_ORDER[query.sort ?? 'name']}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, PATIENT_PAGE_SIZE, (page - 1) * PATIENT_PAGE_SIZE],
    );
    const { page: _page, ...filters } = query;
    await this.audit.record(caller, {
      action: 'patient.list',
      entityType: 'patient',
      // Which patients this page showed, so the log can answer "who saw patient X" for lists too.
      detail: { ...filters, search: query.search ?? null, page, count: rows.length, patientIds: rows.map((row) => row.id) },
    });
    return {
      items: rows.map(toPatientSummaryView),
      page,
      pageSize: PATIENT_PAGE_SIZE,
      total: rows.length > 0 ? Number(rows[0].total) : page > 1 ? await this.count(where.sql, params) : 0,
    };
  }

  async get(caller: Caller, id: string): Promise<PatientView> {
    const patient = await this.patients.findOne({ where: { id }, relations: { surgeon: true } });
    if (!patient) throw new NotFoundError('Patient not found');
    assertCanSeePatient(caller, patient);
    const surgeries = await this.dataSource.getRepository(SurgeryEntity).find({
      where: { patientId: id },
      relations: { invitations: { response: true } },
      order: { surgeryDate: 'DESC' },
    });
    await this.audit.record(caller, { action: 'patient.read', entityType: 'patient', entityId: id });
    return toPatientView(patient, patient.surgeon?.name ?? '', surgeries.map((s) => toSurgeryView(s, surgeryContext(patient, this.clock.now(), this.config.clinicTimezone))));
  }

  /** How many patients match, for a page past the last one (which has no row to carry the total). */
  private async count(where: string, params: unknown[]): Promise<number> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM patients p WHERE $1::timestamptz IS NOT NULL AND ${where}`, params);
    return total;
  }

  /** For other services: the patient, if the caller may see it. */
  async findVisible(caller: Caller, id: string): Promise<PatientEntity> {
    const patient = await this.patients.findOneBy({ id });
    if (!patient) throw new NotFoundError('Patient not found');
    assertCanSeePatient(caller, patient);
    return patient;
  }

  async requireSurgeon(id: string, field = 'surgeonId'): Promise<UserEntity> {
    const surgeon = await this.dataSource.getRepository(UserEntity).findOneBy({ id, role: 'surgeon' });
    if (!surgeon) throw new ValidationFailedError([{ field, message: `${field} must be the id of a surgeon` }]);
    // A deactivated surgeon no longer works here: nothing new is assigned to them (the import says the same).
    if (!surgeon.active) throw new ValidationFailedError([{ field, message: `${surgeon.name} is deactivated; choose an active surgeon` }]);
    return surgeon;
  }
}
