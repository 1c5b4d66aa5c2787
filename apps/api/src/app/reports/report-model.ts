import { DateTime } from 'luxon';
import type { CohortSummary, FunnelView, Role } from '@stride/contracts';

/** Everything the PDF shows, gathered by ReportsService from the cohorts service's own numbers. */
export interface OutcomesReport {
  clinicName: string;
  /** The clock's now: when the report was made, and the cut-off for what counts as closed. */
  printedAt: Date;
  timezone: string;
  /** Who printed it decides what the report may say (a researcher gets no calendar date of a response). */
  role: Role;
  /** "Whole clinic (every surgeon)", or the one surgeon's name as the caller may see it. */
  cohortLabel: string;
  /** Collection time of the newest response counted; null with none. */
  latestResponseAt: Date | null;
  /** The procedure, surgery date and age filters in words. */
  filterLines: string[];
  summary: CohortSummary;
  /** The clinic's funnel at the benchmark time point, as the caller may see it. */
  funnel: FunnelView;
  /** The surgeon whose report this is (their funnel point is drawn filled); null for the clinic. */
  highlightSurgeonId: string | null;
}

/** 0.8512 -> "85%"; null -> "–". Whole percentages, as the dashboard shows them. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(0)}%`;
}

/** A Wilson (or t) interval of proportions: "64%–95%". */
export function pctInterval(ci: [number, number] | null): string {
  return ci ? `${pct(ci[0])}–${pct(ci[1])}` : '–';
}

export function oneDecimal(value: number | null): string {
  return value === null ? '–' : value.toFixed(1);
}

/** "10 Mar 2026, 10:00 EDT" in the clinic's zone. */
export function clinicDateTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('d LLL yyyy, HH:mm ZZZZ');
}

export function clinicDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('d LLL yyyy');
}

/** "March 2026": as much of a response date as a researcher may see. */
export function clinicMonth(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('LLLL yyyy');
}
