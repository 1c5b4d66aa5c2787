import { HttpErrorResponse } from '@angular/common/http';
import { ApiError, ERROR_CODES, ErrorCode } from '@stride/contracts';

/** An API failure reduced to what a form shows: one message, and messages per field. */
export interface ParsedApiError {
  status: number;
  /** The API's stable code; `NETWORK` when the server could not be reached. Decide on this, never on text. */
  code: ErrorCode | 'NETWORK' | 'UNKNOWN';
  message: string;
  fields: Partial<Record<string, string>>;
}

/**
 * The API reports `{statusCode, code, message, errors?: [{field, message}]}`. Field paths of nested
 * answers may come as `answers.legPain`; forms key their errors by the bare item id.
 */
export function parseApiError(err: unknown): ParsedApiError {
  if (!(err instanceof HttpErrorResponse)) {
    return { status: 0, code: 'UNKNOWN', message: 'Something went wrong. Please try again.', fields: {} };
  }
  if (err.status === 0) {
    return { status: 0, code: 'NETWORK', message: 'Cannot reach the server. Check the connection and try again.', fields: {} };
  }
  const body = (typeof err.error === 'object' && err.error !== null ? err.error : {}) as Partial<ApiError>;
  const fields: Partial<Record<string, string>> = {};
  for (const e of body.errors ?? []) {
    const key = normalizeField(e.field);
    fields[key] ??= e.message;
  }
  const raw: unknown = body.message;
  const message = Array.isArray(raw)
    ? raw.join('; ')
    : typeof raw === 'string' && raw
      ? raw
      : defaultMessage(err.status);
  return { status: err.status, code: apiErrorCode(err), message, fields };
}

/** The stable code of an API failure (`NETWORK` when there was no answer at all). */
export function apiErrorCode(err: unknown): ParsedApiError['code'] {
  if (!(err instanceof HttpErrorResponse)) return 'UNKNOWN';
  if (err.status === 0) return 'NETWORK';
  const code: unknown = (err.error as Partial<ApiError> | null)?.code;
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'UNKNOWN';
}

export function normalizeField(field: string): string {
  return field.replace(/^answers\./, '');
}

function defaultMessage(status: number): string {
  return status >= 500 ? 'The server had a problem. Please try again.' : 'The request was not accepted.';
}

/**
 * The sentence above a form. Field messages sit beside their fields; messages for fields the form
 * does not show are spelled out here so none is lost.
 */
export function formErrorSummary(parsed: ParsedApiError, formFields: readonly string[]): string {
  const entries = Object.entries(parsed.fields).filter((e): e is [string, string] => e[1] !== undefined);
  if (entries.length === 0) return parsed.message;
  const unshown = entries.filter(([field]) => !formFields.includes(field)).map(([, message]) => message);
  if (unshown.length === entries.length) return unshown.join(' ');
  return ['Please correct the marked fields.', ...unshown].join(' ');
}
