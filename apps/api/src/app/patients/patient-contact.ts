import type { Channel, FieldError, PreferredChannel } from '@stride/contracts';

/** What decides how a patient is followed up. */
export interface PatientContact {
  preferredChannel: PreferredChannel;
  email: string | null;
  phone: string | null;
}

/**
 * The one rule for "how does this patient get their surveys". A channel needs its contact:
 * email needs an address, sms a phone; `paper` (the clinic follows up in person or by phone)
 * needs nothing and is never sent to. The patients table's CHECK is the last guard.
 */
export function channelProblem(contact: PatientContact): FieldError | null {
  if (contact.preferredChannel === 'email' && !contact.email) {
    return { field: 'preferredChannel', message: 'preferredChannel is email, but there is no email address; add one or choose sms or paper' };
  }
  if (contact.preferredChannel === 'sms' && !contact.phone) {
    return { field: 'preferredChannel', message: 'preferredChannel is sms, but there is no phone number; add one or choose email or paper' };
  }
  return null;
}

/** Without a stated channel: email if there is an address, else sms if there is a phone, else paper. */
export function defaultChannel(email: string | null, phone: string | null): PreferredChannel {
  return email ? 'email' : phone ? 'sms' : 'paper';
}

/** Where the scheduler sends this patient's surveys, or null when nothing is to be sent (paper, or no contact). */
export function messageRecipient(contact: PatientContact): { channel: Channel; recipient: string } | null {
  if (contact.preferredChannel === 'paper') return null;
  if (contact.preferredChannel === 'sms' && contact.phone) return { channel: 'sms', recipient: contact.phone };
  if (contact.email) return { channel: 'email', recipient: contact.email };
  if (contact.phone) return { channel: 'sms', recipient: contact.phone };
  return null;
}

/** Can the scheduler send to this patient (the invitation lifecycle's `reachable`)? */
export function canBeMessaged(contact: PatientContact): boolean {
  return messageRecipient(contact) !== null;
}
