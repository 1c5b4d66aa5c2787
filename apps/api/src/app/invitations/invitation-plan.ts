import { DateTime } from 'luxon';
import type { InvitationStatus, Timepoint } from '@stride/contracts';

/**
 * When each time point is due and when its window closes (DESIGN.md, "Time points").
 * Post-op surveys go out at 09:00 clinic time on the due day; a window closes at the end of
 * its last day, clinic time. Luxon does the zone arithmetic, so daylight-saving days are right.
 */
export const FOLLOW_UPS: readonly { timepoint: Exclude<Timepoint, 'baseline'>; days: number; windowDays: number }[] = [
  { timepoint: '2w', days: 14, windowDays: 7 },
  { timepoint: '6w', days: 42, windowDays: 14 },
  { timepoint: '3m', days: 91, windowDays: 21 },
  { timepoint: '6m', days: 182, windowDays: 28 },
];

export const SEND_HOUR = 9;

export interface PlannedInvitation {
  timepoint: Timepoint;
  dueAt: Date;
  closesAt: Date;
  status: InvitationStatus;
}

export function planInvitations(surgeryDate: string, now: Date, zone: string): PlannedInvitation[] {
  return [planBaseline(surgeryDate, now, zone), ...FOLLOW_UPS.map((f) => planFollowUp(f.timepoint, surgeryDate, now, zone))];
}

/** Baseline is due at enrollment and must be answered before the day of surgery. */
export function planBaseline(surgeryDate: string, now: Date, zone: string): PlannedInvitation {
  const closesAt = DateTime.fromISO(surgeryDate, { zone }).startOf('day');
  const dayBefore = closesAt.minus({ days: 1 });
  if (closesAt.toMillis() <= now.getTime()) {
    // Surgery already under way or past: no pre-op survey can be sent. Staff may still record
    // a paper baseline collected before the surgery date.
    return { timepoint: 'baseline', dueAt: dayBefore.toJSDate(), closesAt: closesAt.toJSDate(), status: 'missed' };
  }
  return { timepoint: 'baseline', dueAt: now, closesAt: closesAt.toJSDate(), status: 'pending' };
}

export function planFollowUp(timepoint: Timepoint, surgeryDate: string, now: Date, zone: string): PlannedInvitation {
  const followUp = FOLLOW_UPS.find((f) => f.timepoint === timepoint);
  if (!followUp) throw new Error(`no follow-up schedule for ${timepoint}`);
  const dueDay = DateTime.fromISO(surgeryDate, { zone }).plus({ days: followUp.days });
  const dueAt = dueDay.set({ hour: SEND_HOUR, minute: 0, second: 0, millisecond: 0 });
  const closesAt = dueDay.plus({ days: followUp.windowDays + 1 }).startOf('day');
  const status: InvitationStatus = closesAt.toMillis() <= now.getTime() ? 'missed' : 'pending';
  return { timepoint, dueAt: dueAt.toJSDate(), closesAt: closesAt.toJSDate(), status };
}
