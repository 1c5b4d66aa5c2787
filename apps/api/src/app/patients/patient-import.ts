import { parse } from 'csv-parse/sync';
import type { FieldError } from '@stride/contracts';
import { ValidationFailedError } from '../common/domain-errors';

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
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns a row may leave empty (language defaults to en). */
export const OPTIONAL_IMPORT_COLUMNS: readonly ImportColumn[] = ['email', 'phone', 'language'];

/** A clinic's list of upcoming surgeries is hundreds of rows; a larger file is split by the coordinator. */
export const IMPORT_MAX_ROWS = 5000;
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

export interface ImportFileRow {
  /** The line on which the row starts (the header is line 1). */
  line: number;
  cells: Record<ImportColumn, string>;
  /** How many fields the row has; a row that disagrees with the header is refused. */
  fieldCount: number;
}

/** A file that cannot be read as a whole: nothing in it is imported. Each message names a line where it can. */
export class ImportFileError extends ValidationFailedError {
  constructor(messages: string[]) {
    super(
      messages.map((message) => ({ field: 'file', message })),
      'The file cannot be imported',
    );
  }
}

/**
 * Control characters (C0, DEL, C1) and the bidirectional overrides that reorder what a terminal or a
 * page shows: never passed on raw, shown as `\u{1b}`. An ESC in a name would otherwise repaint
 * the coordinator's terminal when the CLI echoes the row (issue #9).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printable(value: string): string {
  return value.replace(UNSAFE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

const UNSAFE_ONE = new RegExp(UNSAFE.source);

export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE_ONE.test(value);
}

/**
 * UTF-8 only, checked, never guessed: a file saved by Excel as plain "CSV" is Windows-1252, and
 * decoding it as UTF-8 turns "María" into "Mar�a". Such a file is refused with the line of the first
 * byte that is not UTF-8, and the way to save it right. A UTF-8 byte order mark is dropped.
 */
export function decodeImportFile(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImportFileError(['The file is empty']);
  if (bytes.length > IMPORT_MAX_BYTES) {
    throw new ImportFileError([`The file is ${Math.ceil(bytes.length / 1024)} KiB; at most ${IMPORT_MAX_BYTES / 1024 / 1024} MiB can be imported at once. Split it.`]);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFileError(['The file is UTF-16. Save it as "CSV UTF-8 (comma delimited)" and import that.']);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    const line = lenient.slice(0, Math.max(0, at)).split('\n').length;
    throw new ImportFileError([
      `line ${line}: the file is not UTF-8 (it looks like Latin-1 or Windows-1252, as Excel saves plain "CSV"). ` +
        'Save it as "CSV UTF-8 (comma delimited)" and import that.',
    ]);
  }
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field opened here is never closed, so every row after it would be read as part of it',
  INVALID_OPENING_QUOTE: 'a quote (") inside a field that is not quoted; quote the whole field and double the quote ("")',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted field is followed by more text before the comma; double a quote inside a quoted field ("")',
};

/**
 * RFC 4180 through csv-parse: quoted fields may hold commas, doubled quotes and line breaks. The
 * header must name every column of IMPORT_COLUMNS once (any order, any case), and nothing else.
 * Blank lines are skipped. Throws ImportFileError for what makes the file as a whole unreadable.
 */
export function readImportFile(text: string): ImportFileRow[] {
  let lastEnd = 0;
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, {
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record, context) => {
        lastEnd = context.lines;
        return record;
      },
    }) as unknown as typeof records;
  } catch (error) {
    const { code, lines } = error as { code?: string; lines?: number };
    const problem = (code && CSV_PROBLEMS[code]) ?? 'the file is not valid CSV';
    // An unclosed quote is reported where it opened: the row after the last complete one.
    const line = code === 'CSV_QUOTE_NOT_CLOSED' ? firstLineAfter(text, lastEnd) : (lines ?? lastEnd + 1);
    throw new ImportFileError([`line ${line}: ${problem}`]);
  }
  if (records.length === 0) throw new ImportFileError(['The file is empty']);
  const [header, ...rows] = records;
  const columns = checkHeader(header.record);
  if (rows.length === 0) throw new ImportFileError(['The file has a header but no rows']);
  if (rows.length > IMPORT_MAX_ROWS) throw new ImportFileError([`The file has ${rows.length} rows; at most ${IMPORT_MAX_ROWS} can be imported at once. Split it.`]);
  return rows.map(({ record, info, raw }) => ({
    line: info.lines - (raw.replace(/^[\r\n]+/, '').replace(/\r?\n$|\r$/, '').match(/\n|\r(?!\n)/g)?.length ?? 0),
    cells: Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, (record[columns[c]] ?? '').trim()])) as Record<ImportColumn, string>,
    fieldCount: record.length,
  }));
}

/** The first non-blank line after line `end` (1-based). */
function firstLineAfter(text: string, end: number): number {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = end; i < lines.length; i++) if (lines[i].trim() !== '') return i + 1;
  return end + 1;
}

function checkHeader(header: string[]): Record<ImportColumn, number> {
  const names = header.map((h) => h.trim().toLowerCase());
  const problems: string[] = [];
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) problems.push(`line 1: the column "${printable(name)}" appears twice (columns ${first + 1} and ${i + 1}); which one to believe is not for the importer to guess`);
    else seen.set(name, i);
  });
  const unknown = names.filter((n) => !(IMPORT_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) problems.push(`line 1: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${printable(n)}"`).join(', ')}; the columns are ${IMPORT_COLUMNS.join(',')}`);
  const missing = IMPORT_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) problems.push(`line 1: the header must name the columns ${IMPORT_COLUMNS.join(',')}; missing: ${missing.join(', ')}`);
  if (problems.length > 0) throw new ImportFileError(problems);
  return Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, seen.get(c) as number])) as Record<ImportColumn, number>;
}

/** The API's field names as the file's columns, so a coordinator reads errors in the file's words. */
const COLUMN_OF_FIELD: Record<string, ImportColumn> = {
  mrn: 'mrn',
  givenName: 'given_name',
  familyName: 'family_name',
  birthDate: 'birth_date',
  email: 'email',
  phone: 'phone',
  language: 'language',
  surgeonId: 'surgeon_email',
  procedure: 'procedure',
  surgeryDate: 'surgery_date',
};

export function asColumnErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ field: COLUMN_OF_FIELD[e.field] ?? e.field, message: printable(e.message) }));
}

/** Rows that share an MRN (compared as stored: trimmed, exact): every such row, with the other lines. */
export function duplicateMrns(rows: ImportFileRow[]): Map<number, number[]> {
  const linesByMrn = new Map<string, number[]>();
  for (const row of rows) {
    if (!row.cells.mrn) continue;
    linesByMrn.set(row.cells.mrn, [...(linesByMrn.get(row.cells.mrn) ?? []), row.line]);
  }
  const others = new Map<number, number[]>();
  for (const lines of linesByMrn.values()) {
    if (lines.length < 2) continue;
    for (const line of lines) others.set(line, lines.filter((l) => l !== line));
  }
  return others;
}
