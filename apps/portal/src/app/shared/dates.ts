const DAY_MS = 86_400_000;

/**
 * The last day a survey window is open, as YYYY-MM-DD.
 *
 * `closesAt` is the instant the window closes: midnight, clinic time, at the START of the day after the
 * last open day (for the baseline, the start of the surgery date). Printing that instant as a date shows
 * the day after, so the portal shows the day before it: the date of (closesAt - 1 ms) in clinic time.
 *
 * The API does not tell the portal the clinic's time zone. Because closesAt is always a clinic midnight,
 * the nearest midnight in the browser's zone falls on the same calendar day whenever the browser is
 * within 12 hours of the clinic, so no zone table is needed.
 */
export function lastOpenDay(closesAt: string): string {
  const instant = Date.parse(closesAt);
  const offsetMs = -new Date(instant).getTimezoneOffset() * 60_000;
  const closingDay = Math.round((instant + offsetMs) / DAY_MS);
  return new Date((closingDay - 1) * DAY_MS).toISOString().slice(0, 10);
}
