import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FieldError, PatientImportReport, PatientImportRow } from '@stride/contracts';
import { CreatePatientDto } from './dto/create-patient.dto';
import { CreateSurgeryDto } from '../surgeries/dto/create-surgery.dto';
import { toFieldErrors } from '../common/validation';
import { DomainError } from '../common/domain-errors';
import { PatientsService } from './patients.service';
import { SurgeriesService } from '../surgeries/surgeries.service';
import { UsersService } from '../users/users.service';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { assertPlausibleSurgeryDate } from '../common/plausible-dates';
import { localDate } from '../common/dates';
import { Clock } from '../common/clock';
import {
  asColumnErrors,
  decodeImportFile,
  duplicateMrns,
  hasUnsafeCharacters,
  IMPORT_COLUMNS,
  ImportFileRow,
  printable,
  readImportFile,
} from './patient-import';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

interface CheckedRow {
  row: ImportFileRow;
  errors: FieldError[];
  patient: CreatePatientDto;
  surgery: CreateSurgeryDto;
}

/**
 * Enrolls patients with their surgeries from a clinic's CSV: the CLI (`import-patients`) and
 * `POST /patients/import` both come here, so they cannot disagree.
 *
 * What a coordinator gets: the whole file is read and every row checked before anything is
 * written. A file that cannot be read as a whole (not UTF-8, an unclosed quote, a duplicate or
 * unknown column) imports nothing. Otherwise the rows that pass every check are imported and the
 * others are reported by line and column, to fix and import again: one bad row among two hundred
 * does not hold up the rest, and a refused row leaves nothing behind (its patient and surgery are
 * one transaction). A dry run runs exactly these checks, so it reports what a real run does.
 */
@Injectable()
export class PatientImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly surgeries: SurgeriesService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(caller: Caller, file: Uint8Array, options: { dryRun: boolean }): Promise<PatientImportReport> {
    const checked = await this.check(readImportFile(decodeImportFile(file)));
    const rows: PatientImportRow[] = [];
    for (const { row, errors, patient, surgery } of checked) {
      const base = { line: row.line, mrn: printable(row.cells.mrn), name: printable(`${row.cells.given_name} ${row.cells.family_name}`.trim()) };
      if (errors.length > 0) {
        rows.push({ ...base, status: 'refused', errors });
      } else if (options.dryRun) {
        rows.push({ ...base, status: 'accepted', errors: [] });
      } else {
        rows.push({ ...base, ...(await this.write(caller, patient, surgery)) });
      }
    }
    const accepted = rows.filter((r) => r.status === 'accepted').length;
    await this.audit.record(caller, {
      action: options.dryRun ? 'patient.import_preview' : 'patient.import',
      entityType: 'patient',
      detail: { rows: rows.length, accepted, refused: rows.length - accepted },
    });
    return { dryRun: options.dryRun, rows, accepted, refused: rows.length - accepted };
  }

  /** Every check a real run makes before writing, for every row at once. */
  private async check(rows: ImportFileRow[]): Promise<CheckedRow[]> {
    const surgeonIds = await this.surgeonIdsByEmail(rows.map((r) => r.cells.surgeon_email));
    const enrolled = await this.enrolledMrns(rows.map((r) => r.cells.mrn));
    const duplicates = duplicateMrns(rows);
    const today = localDate(this.clock.now(), this.config.clinicTimezone);
    const checked: CheckedRow[] = [];
    for (const row of rows) {
      const { cells } = row;
      const surgeonId = surgeonIds.get(cells.surgeon_email.toLowerCase()) ?? null;
      const patient = plainToInstance(CreatePatientDto, {
        mrn: cells.mrn,
        givenName: cells.given_name,
        familyName: cells.family_name,
        birthDate: cells.birth_date,
        email: cells.email || undefined,
        phone: cells.phone || undefined,
        language: cells.language || 'en',
        surgeonId: surgeonId ?? undefined,
      });
      const surgery = plainToInstance(CreateSurgeryDto, { procedure: cells.procedure, surgeryDate: cells.surgery_date });
      const errors: FieldError[] = [];
      if (row.fieldCount !== IMPORT_COLUMNS.length) {
        errors.push({ field: 'row', message: `this row has ${row.fieldCount} fields; the header has ${IMPORT_COLUMNS.length}` });
      }
      for (const column of IMPORT_COLUMNS) {
        if (hasUnsafeCharacters(cells[column])) errors.push({ field: column, message: `${column} holds a control character (${printable(cells[column])})` });
      }
      const fieldErrors = [...toFieldErrors(validateSync(patient)), ...toFieldErrors(validateSync(surgery))].filter((e) => e.field !== 'surgeonId');
      errors.push(...asColumnErrors(fieldErrors));
      if (!surgeonId) errors.push({ field: 'surgeon_email', message: `no active surgeon with the email ${printable(cells.surgeon_email) || '(empty)'}` });
      if (duplicates.has(row.line)) {
        errors.push({ field: 'mrn', message: `the MRN ${printable(cells.mrn)} is also on line ${duplicates.get(row.line)?.join(', ')}; each patient once per file` });
      } else if (enrolled.has(cells.mrn)) {
        errors.push({ field: 'mrn', message: 'A patient with this MRN is already enrolled' });
      }
      // The rules create applies, asked the same way: a dry run refuses exactly what a real run would.
      const birthErrors = fieldErrors.some((e) => e.field === 'birthDate') || !surgeonId ? [] : await this.domainErrors(() => this.patients.checkNew(patient));
      errors.push(...birthErrors);
      if (birthErrors.length === 0 && !fieldErrors.some((e) => e.field === 'birthDate' || e.field === 'surgeryDate')) {
        errors.push(...(await this.domainErrors(async () => assertPlausibleSurgeryDate(surgery.surgeryDate, patient.birthDate, today))));
      }
      checked.push({ row, errors: dedupe(errors), patient, surgery });
    }
    return checked;
  }

  /** The patient and the surgery in one transaction: a refused surgery leaves no patient behind. */
  private async write(caller: Caller, patient: CreatePatientDto, surgery: CreateSurgeryDto): Promise<Pick<PatientImportRow, 'status' | 'errors' | 'patientId'>> {
    try {
      const patientId = await this.dataSource.transaction(async (manager) => {
        const created = await this.patients.insert(caller, patient, manager);
        await this.surgeries.insert(manager, caller, created.patient, surgery);
        return created.patient.id;
      });
      return { status: 'accepted', errors: [], patientId };
    } catch (error) {
      // Only what changed since the check (another coordinator enrolled the MRN a moment ago).
      if (!(error instanceof DomainError)) throw error;
      return { status: 'refused', errors: asColumnErrors(error.errors ?? [{ field: 'row', message: error.message }]) };
    }
  }

  private async domainErrors(check: () => Promise<unknown>): Promise<FieldError[]> {
    try {
      await check();
      return [];
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return asColumnErrors(error.errors ?? [{ field: 'row', message: error.message }]);
    }
  }

  private async surgeonIdsByEmail(emails: string[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const email of new Set(emails.map((e) => e.toLowerCase()).filter(Boolean))) {
      const user = await this.users.findByEmail(email);
      // A deactivated surgeon no longer works here: new patients are not assigned to them.
      if (user?.role === 'surgeon' && user.active) ids.set(email, user.id);
    }
    return ids;
  }

  private async enrolledMrns(mrns: string[]): Promise<Set<string>> {
    const rows = (await this.dataSource.query(`SELECT mrn FROM patients WHERE mrn = ANY($1::text[])`, [mrns.filter(Boolean)])) as { mrn: string }[];
    return new Set(rows.map((r) => r.mrn));
  }
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(`${e.field}\u0000${e.message}`) && seen.add(`${e.field}\u0000${e.message}`));
}
