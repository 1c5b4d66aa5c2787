import { DateTime } from 'luxon';

/** Is `value` a real calendar date written YYYY-MM-DD (so 2025-02-30 is not)? */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** The calendar date of an instant in the clinic's time zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}
