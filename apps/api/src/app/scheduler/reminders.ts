import { DateTime } from 'luxon';
import { SEND_HOUR } from '../invitations/invitation-plan';

/** DESIGN.md: reminders go 3 and 7 days after the first send, at the usual hour, clinic time. */
export const REMINDER_DAYS = [3, 7] as const;

/**
 * When reminder number `next` (1 or 2) is due, counted from the first send; null when there is no
 * such reminder or it would fall after the window closes.
 */
export function reminderDueAt(firstSentAt: Date, next: number, closesAt: Date, zone: string): Date | null {
  const days = REMINDER_DAYS[next - 1];
  if (days === undefined) return null;
  const due = DateTime.fromJSDate(firstSentAt, { zone })
    .startOf('day')
    .plus({ days })
    .set({ hour: SEND_HOUR });
  return due.toMillis() < closesAt.getTime() ? due.toJSDate() : null;
}

/** Waits before retrying a transient failure: 1 min, 5 min, 30 min, 2 h, then give up. */
export const RETRY_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
