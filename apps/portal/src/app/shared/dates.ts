/**
 * Dates as the clinic sees them. Survey windows open at 09:00 and close at midnight in the
 * clinic's time zone (DESIGN.md, "Time points"), so every date and time staff read is printed in
 * that zone, named by IANA (from GET /api/settings), never in the browser's own zone.
 */

export type ClinicDateStyle = 'date' | 'dateTime';

// Building a formatter is slow next to using one; a table redraws hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

const STYLES: Record<ClinicDateStyle | 'fullDate' | 'isoParts', Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  fullDate: { dateStyle: 'full' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  isoParts: { year: 'numeric', month: '2-digit', day: '2-digit' },
};

function formatter(timeZone: string, style: keyof typeof STYLES): Intl.DateTimeFormat {
  const key = `${timeZone}|${style}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { ...STYLES[style], timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function dayInZone(instant: number, timeZone: string): string {
  const parts = formatter(timeZone, 'isoParts').formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The last day a survey window is open, as YYYY-MM-DD.
 *
 * `closesAt` is the instant the window closes: midnight, clinic time, at the START of the day after the
 * last open day (for the baseline, the start of the surgery date). Printing that instant as a date shows
 * the day after, so the last open day is the calendar date, in the clinic's zone, of closesAt - 1 ms.
 */
export function lastOpenDay(closesAt: string, timeZone: string): string {
  return dayInZone(Date.parse(closesAt) - 1, timeZone);
}

/** An instant (ISO time stamp) as the clinic reads it: "Mar 3, 2026" or "Mar 3, 2026, 9:00 AM". */
export function formatInClinic(instant: string, timeZone: string, style: ClinicDateStyle = 'dateTime'): string {
  return formatter(timeZone, style).format(new Date(instant));
}

/**
 * A calendar date (YYYY-MM-DD, no time: a surgery or birth date) as "Mar 3, 2026". It names the
 * same day in every zone; Angular's DatePipe would read it as local midnight and, east of UTC,
 * print the day before.
 */
export function formatDay(day: string, style: 'medium' | 'full' = 'medium'): string {
  return formatter('UTC', style === 'full' ? 'fullDate' : 'date').format(new Date(`${day}T00:00:00Z`));
}

/** A short, readable name for the zone, e.g. "America/New_York" -> "New York time". */
export function zoneLabel(timeZone: string): string {
  const city = timeZone.split('/').pop()?.replace(/_/g, ' ') ?? timeZone;
  return timeZone === 'UTC' ? 'UTC' : `${city} time`;
}
