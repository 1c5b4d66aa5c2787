import { DateTime } from 'luxon';

/** Is `value` a real calendar date written YYYY-MM-DD (so 2025-02-30 is not)? */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/**
 * An instant written in ISO 8601 with its offset (`2026-04-10T14:30:00Z`, `...-04:00`): what a client
 * that read a stored collectedAt back would send. Without an offset the clinic's day would be a guess.
 */
export function isIsoInstant(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    isCalendarDate(value.slice(0, 10)) &&
    DateTime.fromISO(value, { setZone: true }).isValid
  );
}

/** The calendar date of an instant in the clinic's time zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}
