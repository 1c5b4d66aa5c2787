import { DateTime } from 'luxon';
import type { InvitationStatus, RescheduleEffect, Timepoint } from '@stride/contracts';

export type FollowUpTimepoint = Exclude<Timepoint, 'baseline'>;

/**
 * When each follow-up is due and how long its window stays open (docs/design.md, "Time points"),
 * for every follow-up Stride knows. Which of them a clinic uses is configuration
 * (FOLLOW_UP_TIMEPOINTS, AppConfig.followUpTimepoints); a row planned under an earlier
 * configuration keeps its schedule here. Post-op surveys go out at 09:00 clinic time on the due
 * day; a window closes at the end of its last day, clinic time. Luxon does the zone arithmetic, so
 * daylight-saving days are right. 12m and 24m follow ICHOM's degenerative spine set (6, 12 and 24
 * months), with windows that grow with the interval as the earlier ones do.
 */
export const FOLLOW_UP_SCHEDULE: Readonly<Record<FollowUpTimepoint, { days: number; windowDays: number }>> = Object.freeze({
  '2w': { days: 14, windowDays: 7 },
  '6w': { days: 42, windowDays: 14 },
  '3m': { days: 91, windowDays: 21 },
  '6m': { days: 182, windowDays: 28 },
  '12m': { days: 365, windowDays: 42 },
  '24m': { days: 730, windowDays: 56 },
});

/** The follow-ups a clinic gets when FOLLOW_UP_TIMEPOINTS is unset. */
export const DEFAULT_FOLLOW_UPS: readonly FollowUpTimepoint[] = ['2w', '6w', '3m', '6m'];

export const SEND_HOUR = 9;
/** A follow-up accepts answers from 7 days before it is due, for in-clinic use at a visit. */
export const OPENS_DAYS_BEFORE_DUE = 7;
/** A baseline collected more than 90 days before surgery no longer describes the patient going into it. */
export const BASELINE_MAX_DAYS_BEFORE_SURGERY = 90;

export interface PlannedInvitation {
  timepoint: Timepoint;
  dueAt: Date;
  closesAt: Date;
  status: InvitationStatus;
}

/** The calendar days (clinic time, inclusive) on which answers to a time point may be collected. */
export interface AnswerWindow {
  /** First day answers are accepted, YYYY-MM-DD. */
  firstDay: string;
  /** Last day answers are accepted, YYYY-MM-DD. */
  lastDay: string;
  opensAt: Date;
  closesAt: Date;
}

/** A new surgery's invitations: its baseline and each configured follow-up. */
export function planInvitations(surgeryDate: string, now: Date, zone: string, followUps: readonly FollowUpTimepoint[]): PlannedInvitation[] {
  return [planBaseline(surgeryDate, now, zone), ...followUps.map((timepoint) => planFollowUp(timepoint, surgeryDate, now, zone))];
}

export function planTimepoint(timepoint: Timepoint, surgeryDate: string, now: Date, zone: string): PlannedInvitation {
  return timepoint === 'baseline' ? planBaseline(surgeryDate, now, zone) : planFollowUp(timepoint, surgeryDate, now, zone);
}

/**
 * Baseline is due at enrollment and must be answered before the day of surgery. A surgery booked
 * more than 90 days ahead gets its baseline when the window opens (09:00, 90 days before), not at
 * enrollment: an answer from months earlier would not describe the patient going into surgery.
 */
export function planBaseline(surgeryDate: string, now: Date, zone: string): PlannedInvitation {
  const closesAt = DateTime.fromISO(surgeryDate, { zone }).startOf('day');
  const dayBefore = closesAt.minus({ days: 1 });
  if (closesAt.toMillis() <= now.getTime()) {
    // Surgery already under way or past: no pre-op survey can be sent. Staff may still record
    // a paper baseline collected before the surgery date.
    return { timepoint: 'baseline', dueAt: dayBefore.toJSDate(), closesAt: closesAt.toJSDate(), status: 'missed' };
  }
  const opens = closesAt.minus({ days: BASELINE_MAX_DAYS_BEFORE_SURGERY }).set({ hour: SEND_HOUR });
  const dueAt = opens.toMillis() > now.getTime() ? opens.toJSDate() : now;
  return { timepoint: 'baseline', dueAt, closesAt: closesAt.toJSDate(), status: 'pending' };
}

export function planFollowUp(timepoint: Timepoint, surgeryDate: string, now: Date, zone: string): PlannedInvitation {
  const followUp = followUpOf(timepoint);
  const dueDay = DateTime.fromISO(surgeryDate, { zone }).plus({ days: followUp.days });
  const dueAt = dueDay.set({ hour: SEND_HOUR, minute: 0, second: 0, millisecond: 0 });
  const closesAt = dueDay.plus({ days: followUp.windowDays + 1 }).startOf('day');
  const status: InvitationStatus = closesAt.toMillis() <= now.getTime() ? 'missed' : 'pending';
  return { timepoint, dueAt: dueAt.toJSDate(), closesAt: closesAt.toJSDate(), status };
}

/**
 * Contract v1.1: a follow-up opens 7 days before its due date and closes at `closesAt`; a baseline
 * may be collected from 90 days before surgery up to the day before it.
 */
export function answerWindow(timepoint: Timepoint, surgeryDate: string, zone: string): AnswerWindow {
  // Every public survey request asks this (its link's window), and luxon's zone arithmetic is a
  // measurable part of such a request's CPU: the answer depends on these three values alone.
  const key = `${timepoint}|${surgeryDate}|${zone}`;
  let known = knownWindows.get(key);
  if (!known) {
    if (knownWindows.size >= KNOWN_WINDOWS_MAX) knownWindows.clear();
    known = computeAnswerWindow(timepoint, surgeryDate, zone);
    knownWindows.set(key, known);
  }
  // Fresh Date objects: a caller that changes its copy cannot change the next caller's.
  return { ...known, opensAt: new Date(known.opensAt), closesAt: new Date(known.closesAt) };
}

const KNOWN_WINDOWS_MAX = 10_000;
const knownWindows = new Map<string, AnswerWindow>();

function computeAnswerWindow(timepoint: Timepoint, surgeryDate: string, zone: string): AnswerWindow {
  const surgeryDay = DateTime.fromISO(surgeryDate, { zone }).startOf('day');
  if (timepoint === 'baseline') {
    const first = surgeryDay.minus({ days: BASELINE_MAX_DAYS_BEFORE_SURGERY });
    return window(first, surgeryDay.minus({ days: 1 }));
  }
  const followUp = followUpOf(timepoint);
  const dueDay = surgeryDay.plus({ days: followUp.days });
  return window(dueDay.minus({ days: OPENS_DAYS_BEFORE_DUE }), dueDay.plus({ days: followUp.windowDays }));
}

/** Is a calendar day (YYYY-MM-DD) inside the window? ISO dates compare as strings. */
export function isInWindow(day: string, window: AnswerWindow): boolean {
  return day >= window.firstDay && day <= window.lastDay;
}

function window(first: DateTime, last: DateTime): AnswerWindow {
  return {
    firstDay: first.toISODate() as string,
    lastDay: last.toISODate() as string,
    opensAt: first.toJSDate(),
    closesAt: last.plus({ days: 1 }).startOf('day').toJSDate(),
  };
}

function followUpOf(timepoint: Timepoint): { days: number; windowDays: number } {
  const followUp = timepoint === 'baseline' ? undefined : FOLLOW_UP_SCHEDULE[timepoint];
  if (!followUp) throw new Error(`no follow-up schedule for ${timepoint}`);
  return followUp;
}

/** One invitation as a date change sees it. */
export interface ReplanInput {
  timepoint: Timepoint;
  status: InvitationStatus;
  dueAt: Date;
  closesAt: Date;
  sentAt: Date | null;
  claimed: boolean;
  /** The collection date (YYYY-MM-DD, clinic time) of its recorded answer, if any. */
  collectedOn: string | null;
  /** The patient is still followed up (not withdrawn, opted out or deceased). */
  patientActive: boolean;
}

export interface Replan {
  effect: RescheduleEffect;
  status: InvitationStatus;
  dueAt: Date;
  closesAt: Date;
  explanation: string;
}

/**
 * What a new surgery date does to one invitation: the one rule behind both the preview staff see
 * and the change itself. Answers must stay inside their time point's new window; an invitation
 * whose link is out (sent, reminded, failed, unknown) keeps its status and takes the new window;
 * one never sent takes the new plan (a missed survey may open again, a pending one may close).
 * A claim in flight and a stopped or missed-after-sending invitation are left as they are.
 */
export function replan(row: ReplanInput, surgeryDate: string, now: Date, zone: string): Replan {
  const unchanged = (explanation: string): Replan => ({ effect: 'unchanged', status: row.status, dueAt: row.dueAt, closesAt: row.closesAt, explanation });
  if (row.status === 'completed') {
    const window = answerWindow(row.timepoint, surgeryDate, zone);
    const range = `${row.timepoint} (${window.firstDay} to ${window.lastDay})`;
    if (row.collectedOn && !isInWindow(row.collectedOn, window)) {
      return { ...unchanged(`the answer collected on ${row.collectedOn} would fall outside ${range}`), effect: 'answer_outside_window' };
    }
    return { ...unchanged(`the answer collected on ${row.collectedOn ?? '?'} stays inside ${range}`), effect: 'answer_kept' };
  }
  if (row.status === 'cancelled') return unchanged('stopped; nothing will be sent');
  if (row.claimed) return unchanged('being sent right now; it keeps its window');
  if (row.status === 'missed' && row.sentAt) return unchanged('sent and not answered in time; it stays missed');
  const plan = planTimepoint(row.timepoint, surgeryDate, now, zone);
  const neverSent = (row.status === 'pending' || row.status === 'missed') && !row.sentAt;
  const status = neverSent ? plan.status : row.status;
  const window = answerWindow(row.timepoint, surgeryDate, zone);
  const span = `answers accepted ${window.firstDay} to ${window.lastDay}`;
  if (row.status === 'missed' && status === 'pending' && !row.patientActive) return unchanged('stays missed: the patient is no longer followed up');
  if (row.status === 'missed' && status === 'pending') return { effect: 'opens', status, dueAt: plan.dueAt, closesAt: plan.closesAt, explanation: `opens again: ${span}` };
  if (row.status === 'pending' && status === 'missed') return { effect: 'closes', status, dueAt: plan.dueAt, closesAt: plan.closesAt, explanation: `its window would already be over (${window.firstDay} to ${window.lastDay}): it becomes missed` };
  // Sent already: when it was due is history and stays; its link takes the new window's end.
  const dueAt = neverSent ? plan.dueAt : row.dueAt;
  const closesAt = neverSent ? plan.closesAt : new Date(Math.max(plan.closesAt.getTime(), row.dueAt.getTime() + 60_000));
  if (dueAt.getTime() === row.dueAt.getTime() && closesAt.getTime() === row.closesAt.getTime()) return unchanged(span);
  return { effect: 'moves', status, dueAt, closesAt, explanation: neverSent ? `moves: ${span}` : `already sent; its link now works for ${span}` };
}
