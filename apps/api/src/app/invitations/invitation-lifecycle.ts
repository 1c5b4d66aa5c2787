import type { InvitationAction, InvitationStatus, StopReason, SurgeryAction } from '@stride/contracts';

/**
 * The invitation lifecycle, in one place (docs/design.md, "The invitation lifecycle").
 * Everything that asks "is this open?", "may this be stopped?", "what may a person do now?" or
 * "what state follows this delivery?" asks this module. The database trigger
 * `invitations_guard_transition` enforces the same table as the last guard; a test on real
 * PostgreSQL proves the two agree.
 *
 *   pending --claim--> claimed --delivered--> sent --reminder--> reminded
 *      |                 |  \--transient--> pending (retry later)
 *      |                 |  \--permanent--> failed --resend--> pending
 *      |                 \--lease lost after hand-over--> unknown --resend--> pending
 *      any open state --answer--> completed      any open state --stop--> cancelled (+ stopReason)
 *      pending/sent/reminded --window closed--> missed --date moved later--> pending
 */
export const TRANSITIONS: Readonly<Record<InvitationStatus, readonly InvitationStatus[]>> = {
  pending: ['claimed', 'missed', 'cancelled', 'completed', 'failed'],
  claimed: ['sent', 'pending', 'failed', 'unknown', 'cancelled', 'completed'],
  sent: ['reminded', 'completed', 'missed', 'cancelled'],
  reminded: ['completed', 'missed', 'cancelled'],
  failed: ['pending', 'completed', 'missed', 'cancelled'],
  unknown: ['pending', 'completed', 'missed', 'cancelled'],
  missed: ['pending', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canTransition(from: InvitationStatus, to: InvitationStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** States from which `to` may be reached: the `expected` set of a compare-and-set writer. */
export function sourcesOf(to: InvitationStatus): InvitationStatus[] {
  return (Object.keys(TRANSITIONS) as InvitationStatus[]).filter((from) => TRANSITIONS[from].includes(to));
}

/** Not answered, not stopped, not closed: a link may work and a stop still has something to stop. */
export const OPEN: readonly InvitationStatus[] = ['pending', 'claimed', 'sent', 'reminded', 'failed', 'unknown'];
/** A stop (surgery cancelled, withdrawal, opt-out, death) cancels these at once, claims in flight included. */
export const STOPPABLE: readonly InvitationStatus[] = OPEN;
/** Due for a first send when its time comes. */
export const CLAIMABLE: readonly InvitationStatus[] = ['pending'];
/** A first message went out; reminders follow while the window is open. */
export const REMINDABLE: readonly InvitationStatus[] = ['sent', 'reminded'];
/** Past `closesAt` these become `missed`. Failed and unknown keep their status: they carry a reason for staff. */
export const CLOSABLE: readonly InvitationStatus[] = ['pending', 'sent', 'reminded'];
/** A person may ask for these to be sent again. */
export const RESENDABLE: readonly InvitationStatus[] = ['failed', 'unknown'];
/** An answer may be recorded for these (a paper survey collected in time may be entered after the window closed). */
export const ANSWERABLE: readonly InvitationStatus[] = [...OPEN, 'missed'];
/** Nothing further happens to these. */
export const FINAL: readonly InvitationStatus[] = ['completed', 'cancelled'];

/** The stop that each patient status implies. */
export const STOP_REASON_FOR_PATIENT_STATUS = {
  withdrawn: 'withdrawn',
  opted_out: 'opted_out',
  deceased: 'deceased',
} as const satisfies Record<string, StopReason>;

export type DeliveryKind = 'first' | 'reminder';
export type DeliveryResult = 'delivered' | 'stored' | 'transient_failure' | 'permanent_failure';

/** The state an invitation must be in for a delivery outcome to be recorded (the fence's expected set). */
export function deliveryExpects(kind: DeliveryKind): readonly InvitationStatus[] {
  return kind === 'first' ? ['claimed'] : REMINDABLE;
}

/**
 * The next state after a delivery. A first message: sent, back to pending for a retry, or failed.
 * A reminder is sent once or skipped; it never holds the invitation back (null: status unchanged).
 */
export function afterDelivery(kind: DeliveryKind, result: DeliveryResult, canRetry: boolean): InvitationStatus | null {
  const ok = result === 'delivered' || result === 'stored';
  if (kind === 'reminder') return ok ? 'reminded' : null;
  if (ok) return 'sent';
  return result === 'transient_failure' && canRetry ? 'pending' : 'failed';
}

/** A claim whose process died: retried if the message never reached SMTP, else `unknown` for a person to check. */
export function afterLostClaim(status: InvitationStatus, attempted: boolean): InvitationStatus {
  if (status !== 'claimed') return status;
  return attempted ? 'unknown' : 'pending';
}

/** What a person's action needs to know about an invitation, its surgery and its patient. */
export interface InvitationFacts {
  status: InvitationStatus;
  opensAt: Date;
  closesAt: Date;
  surgeryScheduled: boolean;
  patientActive: boolean;
  /** The patient has an email address or phone number on file. */
  reachable: boolean;
}

/** Why an action is refused now, or null when it is allowed. The messages are shown to staff. */
export function refusal(action: InvitationAction, f: InvitationFacts, now: Date): string | null {
  if (f.status === 'completed') return 'This survey has already been completed';
  if (!f.surgeryScheduled) return 'This surgery was cancelled; its surveys are closed';
  if (f.status === 'cancelled' || !f.patientActive) return 'Follow-up has stopped for this patient';
  switch (action) {
    case 'record_response':
      if (!ANSWERABLE.includes(f.status)) return `No answer can be recorded for a ${f.status} survey`;
      if (now < f.opensAt) return 'This survey is not open yet';
      return null;
    case 'issue_link':
      if (!OPEN.includes(f.status) || now >= f.closesAt) return 'This survey window has closed';
      if (now < f.opensAt) return 'This survey is not open yet';
      return null;
    case 'resend':
      if (!RESENDABLE.includes(f.status)) return `Only a failed or unknown send can be resent; this one is ${f.status}`;
      if (now >= f.closesAt) return 'This survey window has closed';
      if (!f.reachable) return 'The patient has no email address or phone number on file';
      return null;
  }
}

export function invitationActions(f: InvitationFacts, now: Date): InvitationAction[] {
  return (['record_response', 'issue_link', 'resend'] as const).filter((action) => refusal(action, f, now) === null);
}

export function surgeryActions(surgeryScheduled: boolean): SurgeryAction[] {
  return surgeryScheduled ? ['reschedule', 'cancel'] : [];
}

/** Can a patient's link be used now (view, save, submit)? */
export function isLinkUsable(f: Omit<InvitationFacts, 'reachable'>, now: Date): boolean {
  return OPEN.includes(f.status) && f.surgeryScheduled && f.patientActive && now >= f.opensAt && now < f.closesAt;
}
