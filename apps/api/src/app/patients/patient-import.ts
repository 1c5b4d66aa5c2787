import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FieldError } from '@stride/contracts';
import { CreatePatientDto } from './dto/create-patient.dto';
import { CreateSurgeryDto } from '../surgeries/dto/create-surgery.dto';
import { toFieldErrors } from '../common/validation';
import { DomainError } from '../common/domain-errors';
import type { Caller } from '../auth/caller';
import type { PatientsService } from './patients.service';
import type { SurgeriesService } from '../surgeries/surgeries.service';

/** The CSV a clinic exports from its own system; one row per patient and surgery. */
export const IMPORT_COLUMNS = [
  'mrn',
  'given_name',
  'family_name',
  'birth_date',
  'email',
  'phone',
  'language',
  'surgeon_email',
  'procedure',
  'surgery_date',
] as const;

export interface ImportReport {
  imported: number;
  /** One line per refused row, naming the line and field, e.g. `line 4: birthDate must be ...`. */
  problems: string[];
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

/**
 * Imports patients with their surgeries row by row, through the same services and validation as
 * the API. A bad row is reported with its line and field and skipped; rows already imported stay.
 */
export async function importPatients(
  csv: string,
  caller: Caller,
  services: { patients: PatientsService; surgeries: SurgeriesService; surgeonIdByEmail: (email: string) => Promise<string | null> },
  options: { dryRun: boolean },
): Promise<ImportReport> {
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
  const missing = IMPORT_COLUMNS.filter((c) => !header?.map((h) => h.trim().toLowerCase()).includes(c));
  if (!header || missing.length > 0) return { imported: 0, problems: [`the header must name the columns ${IMPORT_COLUMNS.join(',')}; missing: ${missing.join(', ')}`] };
  const index = Object.fromEntries(header.map((h, i) => [h.trim().toLowerCase(), i]));
  const report: ImportReport = { imported: 0, problems: [] };

  for (const [n, cells] of rows.entries()) {
    const line = n + 2;
    const cell = (column: (typeof IMPORT_COLUMNS)[number]): string | undefined => cells[index[column]]?.trim() || undefined;
    const surgeonEmail = cell('surgeon_email');
    const surgeonId = surgeonEmail ? await services.surgeonIdByEmail(surgeonEmail) : null;
    const patient = plainToInstance(CreatePatientDto, {
      mrn: cell('mrn'),
      givenName: cell('given_name'),
      familyName: cell('family_name'),
      birthDate: cell('birth_date'),
      email: cell('email'),
      phone: cell('phone'),
      language: cell('language') ?? 'en',
      surgeonId: surgeonId ?? '',
    });
    const surgery = plainToInstance(CreateSurgeryDto, { procedure: cell('procedure'), surgeryDate: cell('surgery_date') });
    const errors: FieldError[] = [...toFieldErrors(validateSync(patient)), ...toFieldErrors(validateSync(surgery))];
    if (!surgeonId) errors.push({ field: 'surgeon_email', message: `no surgeon with the email ${surgeonEmail ?? '(empty)'}` });
    const fieldErrors = errors.filter((e) => !(e.field === 'surgeonId' && !surgeonId));
    if (fieldErrors.length > 0) {
      report.problems.push(...fieldErrors.map((e) => `line ${line}: ${e.message}`));
      continue;
    }
    if (options.dryRun) {
      report.imported += 1;
      continue;
    }
    try {
      const created = await services.patients.create(caller, patient);
      await services.surgeries.create(caller, created.id, surgery);
      report.imported += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.problems.push(`line ${line}: ${error.errors?.map((e) => e.message).join('; ') ?? error.message}`);
    }
  }
  return report;
}
