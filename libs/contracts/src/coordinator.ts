// The coordinator's follow-up work (shared DESIGN.md, "Coordinator and follow-up"): editing a
// patient, the worklist of surveys that need a person, and the calls logged against them.
import type { InvitationAction, InvitationStatus, Language, Timepoint } from './index';

/**
 * How a patient is followed up. `email` and `sms` are sent by the scheduler and need that contact
 * on file; `paper` is followed up by the clinic in person or by phone: nothing is sent, and every
 * due survey appears on the worklist.
 */
export const PREFERRED_CHANNELS = ['email', 'sms', 'paper'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];

/**
 * `PATCH /patients/:id` (admin). Omitted fields stay; `email: null` / `phone: null` remove one.
 * The same checks as enrolment: a `birthDate` must also give a plausible age at each existing
 * surgery (400 `IMPLAUSIBLE_DATE`), and the preferred channel needs its contact (400
 * `VALIDATION_FAILED` naming `preferredChannel`).
 */
export interface UpdatePatientRequest {
  givenName?: string;
  familyName?: string;
  birthDate?: string;
  email?: string | null;
  phone?: string | null;
  language?: Language;
  preferredChannel?: PreferredChannel;
}

/**
 * Why a survey is on the worklist, most urgent kinds first:
 * - `unknown`: the send's outcome is unknown; ask the patient before resending;
 * - `failed`: the message could not be delivered;
 * - `unreachable`: nothing can be sent (paper follow-up, or no email or phone on file) and the survey is due;
 * - `no_response`: not answered 3 days after the last message;
 * - `missed`: the window closed without an answer in the last 7 days (a paper answer collected in time may still be entered).
 */
export const WORKLIST_REASONS = ['unknown', 'failed', 'unreachable', 'no_response', 'missed'] as const;
export type WorklistReason = (typeof WORKLIST_REASONS)[number];

export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'left_message', 'wrong_number', 'declined'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** `POST /invitations/:id/contact-attempts`: a call to the patient about this survey. */
export interface ContactAttemptRequest {
  outcome: ContactOutcome;
  note?: string;
}

export interface ContactAttemptView {
  id: string;
  invitationId: string;
  outcome: ContactOutcome;
  note: string | null;
  /** When the call was logged. */
  createdAt: string;
  byUserId: string;
  byName: string;
}

export interface WorklistItem {
  invitationId: string;
  patientId: string;
  patientName: string;
  phone: string | null;
  email: string | null;
  timepoint: Timepoint;
  status: InvitationStatus;
  dueAt: string;
  closesAt: string;
  reason: WorklistReason;
  /** Calls logged for this survey. */
  attempts: number;
  lastContactAt: string | null;
  /** The latest calls, newest first (at most 5). */
  contactLog: ContactAttemptView[];
  preferredChannel: PreferredChannel;
  language: Language;
  surgeonName: string;
  /** When the last message went out (first send or reminder), if any. */
  lastMessageAt: string | null;
  /** When answers are first accepted (a staff entry needs a collection date from here on). */
  opensAt: string;
  /** What a person may do now (the invitation lifecycle decides). */
  actions: InvitationAction[];
}

/** `GET /worklist`: closing soonest first; missed ones after the open ones. */
export interface WorklistView {
  items: WorklistItem[];
}
