import type { InvitationStatus, WorklistReason } from '@stride/contracts';
import { FINAL, OPEN, REMINDABLE, RESENDABLE } from '../invitations/invitation-lifecycle';

const DAY_MS = 86_400_000;
/** A sent survey needs a call when it is still unanswered this long after the last message (DESIGN.md). */
export const NO_RESPONSE_AFTER_MS = 3 * DAY_MS;
/** A survey missed this recently stays on the worklist: a paper answer collected in time may still come in. */
export const MISSED_LOOKBACK_MS = 7 * DAY_MS;

export interface WorklistFacts {
  status: InvitationStatus;
  dueAt: Date;
  closesAt: Date;
  /** The first send or the latest reminder, whichever came last. */
  lastMessageAt: Date | null;
  /** The scheduler can send to this patient (not paper, a contact on file). */
  messageable: boolean;
}

/**
 * Why a survey needs a person now, or null when it does not. The statuses come from the
 * invitation lifecycle; this adds only the worklist's clocks (3 days unanswered, 7 days missed).
 */
export function worklistReason(f: WorklistFacts, now: Date): WorklistReason | null {
  if (FINAL.includes(f.status)) return null;
  const t = now.getTime();
  if (t >= f.closesAt.getTime()) {
    const recent = t - f.closesAt.getTime() < MISSED_LOOKBACK_MS;
    return recent && (f.status === 'missed' || RESENDABLE.includes(f.status)) ? 'missed' : null;
  }
  if (!OPEN.includes(f.status) || t < f.dueAt.getTime()) return null;
  if (f.status === 'unknown') return 'unknown';
  if (!f.messageable) return 'unreachable';
  if (f.status === 'failed') return 'failed';
  if (REMINDABLE.includes(f.status) && f.lastMessageAt && t - f.lastMessageAt.getTime() >= NO_RESPONSE_AFTER_MS) return 'no_response';
  return null;
}

/** Closing soonest first; the missed ones (already closed) after every open one, most recently closed first. */
export function byUrgency(a: { reason: WorklistReason; closesAt: Date }, b: { reason: WorklistReason; closesAt: Date }): number {
  const missedA = a.reason === 'missed' ? 1 : 0;
  const missedB = b.reason === 'missed' ? 1 : 0;
  if (missedA !== missedB) return missedA - missedB;
  return missedA ? b.closesAt.getTime() - a.closesAt.getTime() : a.closesAt.getTime() - b.closesAt.getTime();
}
