import type { FieldError } from './index';

/**
 * `POST /patients/import?dryRun=true|false` (admin; body: the CSV file as `text/csv`) and
 * `npm run cli -- import-patients`: one report shape for both, built by the same code.
 * A file that cannot be read as a whole (encoding, header, quoting) is refused with 400
 * VALIDATION_FAILED and field `file` errors, and nothing is imported.
 */
export interface PatientImportReport {
  dryRun: boolean;
  /** Every data row of the file, in file order. */
  rows: PatientImportRow[];
  /** Rows that pass every check: imported by a real run, or that a real run would import. */
  accepted: number;
  refused: number;
}

export interface PatientImportRow {
  /** The line of the file on which the row starts (the header is line 1). */
  line: number;
  /** As in the file, with control characters shown as `\u{1b}` rather than passed on. */
  mrn: string;
  name: string;
  status: 'accepted' | 'refused';
  /** Why a row is refused; `field` is the CSV column (e.g. `birth_date`, `mrn`). */
  errors: FieldError[];
  /** Set by a real run for each row it imported. */
  patientId?: string;
}
