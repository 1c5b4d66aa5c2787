import {
  AgeBand,
  ContactOutcome,
  InvitationStatus,
  PatientStatus,
  PreferredChannel,
  Procedure,
  ResponseMode,
  Role,
  StopReason,
  Timepoint,
  WorklistReason,
} from '@stride/contracts';

/** One table for the API's PDF and the portal: see @stride/contracts. */
export { TIMEPOINT_LABELS } from '@stride/contracts';

export const TIMEPOINT_SHORT: Record<Timepoint, string> = {
  baseline: 'Pre',
  '2w': '2w',
  '6w': '6w',
  '3m': '3m',
  '6m': '6m',
  '12m': '12m',
  '24m': '24m',
};

export const PROCEDURE_LABELS: Record<Procedure, string> = {
  laminectomy: 'Laminectomy',
  endoscopic_decompression: 'Endoscopic decompression',
  other: 'Other',
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  surgeon: 'Surgeon',
  researcher: 'Researcher',
};

/** DESIGN.md, "Instruments": the ordered walking-distance bins 0-4. */
export const WALKING_BINS: readonly string[] = [
  '< 50 m',
  '50–200 m (1–2 blocks)',
  '200 m – 1 km',
  '1–2 km',
  '> 2 km or unlimited',
];

export const STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: 'Pending',
  claimed: 'Sending',
  sent: 'Sent',
  reminded: 'Reminded',
  completed: 'Completed',
  missed: 'Missed',
  cancelled: 'Cancelled',
  failed: 'Failed',
  unknown: 'Needs review',
};

export type StatusTone = 'ok' | 'info' | 'neutral' | 'bad' | 'warn' | 'cancelled';

export const STATUS_TONES: Record<InvitationStatus, StatusTone> = {
  completed: 'ok',
  sent: 'info',
  reminded: 'info',
  claimed: 'info',
  pending: 'neutral',
  missed: 'bad',
  cancelled: 'cancelled',
  failed: 'warn',
  unknown: 'warn',
};

/** A glyph beside the colour, so the status does not rest on colour alone. */
export const STATUS_GLYPHS: Record<StatusTone, string> = {
  ok: '✓',
  info: '✉',
  neutral: '○',
  bad: '✕',
  warn: '!',
  cancelled: '–',
};

/** Why a survey was stopped (the API's `stopReason`). */
export const STOP_REASON_LABELS: Record<StopReason, string> = {
  surgery_cancelled: 'surgery cancelled',
  withdrawn: 'patient withdrew',
  opted_out: 'patient opted out',
  deceased: 'patient died',
};

export function percent(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** Today in the browser's calendar, as the API's YYYY-MM-DD. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  '<60': 'Under 60',
  '60-69': '60–69',
  '70-79': '70–79',
  '80+': '80 and over',
};

/** Short bin names for chart legends (the full wording is in WALKING_BINS). */
export const WALKING_BINS_SHORT: readonly string[] = ['<50 m', '50–200 m', '200 m–1 km', '1–2 km', '>2 km'];

export const PATIENT_STATUS_LABELS: Record<PatientStatus, string> = {
  active: 'Active',
  withdrawn: 'Withdrawn',
  deceased: 'Deceased',
  opted_out: 'Opted out',
};

/** How a patient is followed up (the API's `preferredChannel`). */
export const PREFERRED_CHANNEL_LABELS: Record<PreferredChannel, string> = {
  email: 'Email',
  sms: 'SMS',
  paper: 'Paper or phone, by the clinic (nothing sent)',
};

/** How an answer was collected (the API's `mode`). */
export const RESPONSE_MODE_LABELS: Record<ResponseMode, string> = {
  web: 'by link',
  paper: 'on paper',
  phone: 'by phone',
  clinic: 'in clinic',
};

/** Why a survey is on the worklist (the API's `reason`), and what to do about it. */
export const WORKLIST_REASON_LABELS: Record<WorklistReason, { title: string; hint: string }> = {
  unknown: { title: 'Send outcome unknown', hint: 'Ask whether the message arrived before resending.' },
  unreachable: { title: 'No email or SMS', hint: 'Followed up by the clinic: call, or collect it at a visit.' },
  failed: { title: 'Message failed', hint: 'Check the email or phone number, fix it, then resend.' },
  no_response: { title: 'No answer after 3 days', hint: 'A reminder call often helps; answers can be taken by phone.' },
  missed: { title: 'Missed recently', hint: 'The window has closed; enter a paper answer collected in time.' },
};

export const CONTACT_OUTCOME_LABELS: Record<ContactOutcome, string> = {
  reached: 'Reached',
  no_answer: 'No answer',
  left_message: 'Left message',
  wrong_number: 'Wrong number',
  declined: 'Declined',
};
