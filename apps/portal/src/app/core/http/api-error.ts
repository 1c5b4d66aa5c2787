import { HttpErrorResponse } from '@angular/common/http';
import { ApiError } from '@stride/contracts';

/** An API failure reduced to what a form shows: one message, and messages per field. */
export interface ParsedApiError {
  status: number;
  message: string;
  fields: Partial<Record<string, string>>;
}

/**
 * The API reports `{statusCode, message, errors?: [{field, message}]}`. Field paths of nested
 * answers may come as `answers.legPain`; forms key their errors by the bare item id.
 */
export function parseApiError(err: unknown): ParsedApiError {
  if (!(err instanceof HttpErrorResponse)) {
    return { status: 0, message: 'Something went wrong. Please try again.', fields: {} };
  }
  if (err.status === 0) {
    return { status: 0, message: 'Cannot reach the server. Check the connection and try again.', fields: {} };
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
  return { status: err.status, message, fields };
}

export function normalizeField(field: string): string {
  return field.replace(/^answers\./, '');
}

function defaultMessage(status: number): string {
  switch (status) {
    case 403:
      return 'You do not have access to this.';
    case 404:
      return 'Not found.';
    default:
      return status >= 500 ? 'The server had a problem. Please try again.' : 'The request was not accepted.';
  }
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
