// The request and response shapes of the Stride API, v1 (see shared DESIGN.md, "API contract").
// Plain interfaces and constant unions only: the API's DTOs implement these, the portal consumes them.
import type { PreferredChannel } from './coordinator';

export const ROLES = ['admin', 'surgeon', 'researcher'] as const;
export type Role = (typeof ROLES)[number];

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const PROCEDURES = ['laminectomy', 'endoscopic_decompression', 'other'] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const TIMEPOINTS = ['baseline', '2w', '6w', '3m', '6m', '12m', '24m'] as const;
export type Timepoint = (typeof TIMEPOINTS)[number];

/** How every clinician-facing page, chart and PDF names a time point (the survey has its own wording, per language). */
export const TIMEPOINT_LABELS: Record<Timepoint, string> = {
  baseline: 'Baseline',
  '2w': '2 weeks',
  '6w': '6 weeks',
  '3m': '3 months',
  '6m': '6 months',
  '12m': '12 months',
  '24m': '24 months',
};

export const INVITATION_STATUSES = [
  'pending',
  'claimed',
  'sent',
  'reminded',
  'completed',
  'missed',
  'cancelled',
  'failed',
  'unknown',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Why an invitation was stopped (status `cancelled`). Contract v1.1, "Stopping and who counts". */
export const STOP_REASONS = ['surgery_cancelled', 'withdrawn', 'opted_out', 'deceased'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** What a person may do with an invitation now; the API computes these, the portal only shows them. */
export const INVITATION_ACTIONS = ['record_response', 'issue_link', 'resend'] as const;
export type InvitationAction = (typeof INVITATION_ACTIONS)[number];

export const SURGERY_ACTIONS = ['reschedule', 'cancel'] as const;
export type SurgeryAction = (typeof SURGERY_ACTIONS)[number];

export const RESPONSE_MODES = ['web', 'paper', 'phone', 'clinic'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];
export type StaffResponseMode = Exclude<ResponseMode, 'web'>;

export const AGE_BANDS = ['<60', '60-69', '70-79', '80+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SURGERY_STATUSES = ['scheduled', 'cancelled'] as const;
export type SurgeryStatus = (typeof SURGERY_STATUSES)[number];

export * from './coordinator';

// ---------- errors ----------

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Stable error codes (Contract v1.1). Clients decide on these, never on the English message.
 * Grouped by the feature that owns them; `ErrorCode` is their union.
 */
export const COMMON_ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;
export const AUTH_ERROR_CODES = ['UNAUTHENTICATED', 'FORBIDDEN'] as const;
export const SURVEY_ERROR_CODES = ['SURVEY_CLOSED', 'SURVEY_COMPLETED'] as const;
export const INVITATION_ERROR_CODES = [
  'OUTSIDE_WINDOW',
  'ACTION_NOT_ALLOWED',
  'NO_CONTACT_DETAILS',
  'FOLLOW_UP_STOPPED',
] as const;
export const SURGERY_ERROR_CODES = ['IMPLAUSIBLE_DATE', 'ANSWERS_OUTSIDE_NEW_WINDOWS', 'SURGERY_CANCELLED'] as const;
export const ERROR_CODES = [
  ...COMMON_ERROR_CODES,
  ...AUTH_ERROR_CODES,
  ...SURVEY_ERROR_CODES,
  ...INVITATION_ERROR_CODES,
  ...SURGERY_ERROR_CODES,
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}

// ---------- auth and users ----------

export interface LoginRequest {
  email: string;
  password: string;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** An inactive user cannot sign in, and their sessions ended when they were deactivated. */
  active: boolean;
}

export interface LoginResponse {
  accessToken: string;
  user: UserView;
}

export interface CreateUserRequest {
  email: string;
  name: string;
  role: Role;
  password: string;
}

/**
 * `PATCH /users/:id` (admin). A role change applies to the user's next request; deactivation or a
 * new password ends every session of theirs at once. The last active admin cannot be demoted or
 * deactivated (409 `CONFLICT`).
 */
export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  active?: boolean;
  /** An admin's reset; the same password rules as a new user's. */
  password?: string;
}

/**
 * The password rules (create and reset), so the portal can say them before the API refuses:
 * at least this many characters, this many distinct ones, and not a common or patterned one.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MIN_DISTINCT = 5;

// ---------- answers ----------

/** The built-in items. Values are integers; satisfaction is post-op only. */
export interface Answers {
  legPain?: number | null;
  backPain?: number | null;
  walkingDistance?: number | null;
  satisfaction?: number | null;
}

// ---------- patients, surgeries, invitations ----------

export interface CreatePatientRequest {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  email?: string;
  phone?: string;
  language: Language;
  surgeonId: string;
  /** Defaults to email, else sms, else paper; refused (400 naming it) without its contact. */
  preferredChannel?: PreferredChannel;
}

export interface InvitationView {
  id: string;
  timepoint: Timepoint;
  dueAt: string;
  closesAt: string;
  status: InvitationStatus;
  /** Set when `status` is `cancelled`: what stopped it. */
  stopReason: StopReason | null;
  /** When answers are first accepted: 7 days before a follow-up is due; 90 days before surgery for a baseline. */
  opensAt: string;
  /** The actions a person may take now (the invitation lifecycle decides). */
  actions: InvitationAction[];
  sentAt: string | null;
  remindedAt: string | null;
  reminderCount: number;
  openedAt: string | null;
  completedAt: string | null;
  /** Delivery attempts so far, and the last delivery error, for staff. */
  attempts: number;
  lastError: string | null;
}

/** An invitation that needs a person: failed, unknown outcome, or missed. Admin only. */
export interface DeliveryProblemView {
  invitationId: string;
  patientId: string;
  patientName: string;
  timepoint: Timepoint;
  status: 'failed' | 'unknown' | 'missed';
  dueAt: string;
  closesAt: string;
  attempts: number;
  lastError: string | null;
  /** Whether an admin may resend now (failed or unknown, window still open, a contact on file). */
  resendable: boolean;
  /** Why not, in words for staff (the invitation lifecycle's refusal); null when resendable. */
  resendRefusal: string | null;
}

export const PATIENT_STATUSES = ['active', 'withdrawn', 'deceased', 'opted_out'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];

export interface UpdatePatientStatusRequest {
  status: Exclude<PatientStatus, 'active'>;
}

export interface ScoreView {
  timepoint: Timepoint;
  mode: ResponseMode;
  collectedAt: string;
  answers: Answers;
  /** Success under the default definition (success v2): true, false, or null when not evaluable (no baseline, baseline leg pain below 3, or the baseline itself). */
  success: boolean | null;
  satisfied: boolean | null;
  definitionVersion: string;
}

export interface SurgeryView {
  id: string;
  patientId: string;
  surgeonId: string;
  procedure: Procedure;
  surgeryDate: string;
  status: SurgeryStatus;
  actions: SurgeryAction[];
  invitations: InvitationView[];
  scores: ScoreView[];
}

/** What a surgery date change does to one invitation (Contract v1.1: shown before it is saved). */
export const RESCHEDULE_EFFECTS = ['moves', 'opens', 'closes', 'unchanged', 'answer_kept', 'answer_outside_window'] as const;
export type RescheduleEffect = (typeof RESCHEDULE_EFFECTS)[number];

export interface RescheduleChange {
  timepoint: Timepoint;
  status: InvitationStatus;
  newStatus: InvitationStatus;
  effect: RescheduleEffect;
  dueAt: string;
  closesAt: string;
  newDueAt: string;
  newClosesAt: string;
  /** A sentence for staff, e.g. "answer collected 2026-03-01 would fall outside 6m (2026-08-24 to 2026-09-28)". */
  explanation: string;
}

export interface RescheduleRequest {
  surgeryDate: string;
}

export interface ReschedulePreview {
  surgeryDate: string;
  newSurgeryDate: string;
  /** False when an answer would be stranded: saving gets 409 ANSWERS_OUTSIDE_NEW_WINDOWS. */
  allowed: boolean;
  changes: RescheduleChange[];
}

export interface PatientSummaryView {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  surgeonId: string;
  surgeonName: string;
  /** Latest surgery, if any, with the status of each time point. */
  surgeryDate: string | null;
  followUp: { timepoint: Timepoint; status: InvitationStatus }[];
}

export interface PatientView {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  email: string | null;
  phone: string | null;
  language: Language;
  preferredChannel: PreferredChannel;
  surgeonId: string;
  surgeonName: string;
  status: 'active' | 'withdrawn' | 'deceased' | 'opted_out';
  /** Surveys still open that stopping follow-up would cancel now (the invitation lifecycle counts them). */
  openSurveys: number;
  surgeries: SurgeryView[];
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface CreateSurgeryRequest {
  procedure: Procedure;
  surgeryDate: string;
  surgeonId?: string;
}

export interface UpdateSurgeryRequest {
  surgeryDate?: string;
  status?: 'cancelled';
}

export interface StaffResponseRequest {
  answers: Answers;
  mode: StaffResponseMode;
  collectedAt: string;
}

export interface IssuedLinkView {
  invitationId: string;
  url: string;
  expiresAt: string;
  /** The same link as a QR code (an SVG document), drawn by the API so the survey bundle carries no QR code. */
  qrCodeSvg: string;
}

// ---------- scheduler and messages ----------

export interface SchedulerRunResult {
  claimed: number;
  sent: number;
  failed: number;
  missed: number;
  /** Invitations whose send hit an unexpected error; each was isolated and logged, the rest went on. */
  errors: number;
}

export interface OutboundMessageView {
  id: string;
  invitationId: string;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
  link: string | null;
  status: 'queued' | 'sent' | 'failed' | 'stored' | 'unknown' | 'cancelled';
  kind: 'invitation' | 'reminder';
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

// ---------- public survey ----------

export interface SurveyQuestion {
  id: keyof Answers;
  text: string;
  type: 'scale';
  min: number;
  max: number;
  /** Labels for each value (for ordered bins) or for the two anchors of a scale. */
  labels: { value: number; label: string }[];
  required: boolean;
}

export interface PublicSurveyView {
  timepoint: Timepoint;
  language: Language;
  questions: SurveyQuestion[];
  savedAnswers: Answers;
  /** Who is asking: shown on the survey page with the number to call. */
  clinic: import('./clinic-messages').ClinicIdentity;
}

export interface SubmitAnswersRequest {
  answers: Answers;
}

// ---------- cohorts ----------

export interface DefinitionRef {
  name: string;
  version: string;
  description: string;
}

export interface RateStat {
  x: number;
  n: number;
  rate: number | null;
  /** Wilson score 95% interval (what the dashboard draws). */
  ci95: [number, number] | null;
  /** Clopper-Pearson exact 95% interval, for research use. */
  ci95Exact: [number, number] | null;
  /** One-sided exact binomial p that the true rate is below the benchmark. */
  pValue: number | null;
  /**
   * With this n, a true rate below this one would be detected (p <= 0.05 in the one-sided exact
   * test) 80% of the time; null when no result at this n could be significant.
   */
  detectableRate: number | null;
  worstCase: number | null;
  bestCase: number | null;
  insufficient: boolean;
}

export interface MeanStat {
  mean: number | null;
  ci95: [number, number] | null;
  meanChange: number | null;
  changeCi95: [number, number] | null;
}

export interface TimepointSummary {
  timepoint: Timepoint;
  eligible: number;
  responded: number;
  responseRate: number | null;
  success: RateStat;
  satisfaction: RateStat;
  legPain: MeanStat;
  walkingDistance: { bins: number[] };
  /** Invitations left out of `eligible` because the patient died. */
  deceased: number;
  /** Eligible invitations stopped by withdrawal or opt-out: counted as non-responders. */
  stopped: { withdrawn: number; optedOut: number };
  /**
   * Responders left out of success's n because their baseline leg pain was below 3 (success v2);
   * 0 under success v1, which counts them (almost always as failures).
   */
  notEvaluableLowBaseline: number;
}

export interface CohortSummary {
  definitions: { success: DefinitionRef; satisfied: DefinitionRef };
  benchmarks: { success: number; satisfaction: number };
  /** The time point the benchmarks are compared at (the last follow-up); earlier ones are for tracking. */
  benchmarkTimepoint: Timepoint;
  /** Where the benchmarks come from and the follow-up they refer to (BENCHMARK_SOURCE). */
  benchmarkSource: string;
  filters: { surgeonId?: string; procedure?: Procedure; surgeryFrom?: string; surgeryTo?: string; ageBand?: AgeBand };
  timepoints: TimepointSummary[];
}

/** A surgeon as a cohort filter option: named for admins, a pseudonym for researchers, "You" for a surgeon. */
export interface SurgeonOption {
  id: string;
  label: string;
}

/** One surgeon of the funnel (DESIGN.md "Funnel v2"). Limits are proportions in [0, 1]. */
export interface FunnelPoint {
  /** Null for other surgeons when a surgeon looks at the funnel: they see their peers unnamed. */
  surgeonId: string | null;
  /** The surgeon's name (admin), research pseudonym (researcher), or "You" / "Surgeon 2" (surgeon). */
  label: string;
  isCaller: boolean;
  /** Evaluable cases at the time point. */
  n: number;
  x: number;
  /** x / n; null with no evaluable case (limits then [0, 1], never flagged). */
  rate: number | null;
  lower95: number;
  lower998: number;
  upper95: number;
  upper998: number;
  /** rate < lower998. */
  flagged: boolean;
}

export interface FunnelView {
  timepoint: Timepoint;
  measure: 'success' | 'satisfaction';
  definition: DefinitionRef;
  /** The benchmark the limits are drawn around. */
  p0: number;
  /** Surgeons with at least one evaluable case; suppressed peers count too. */
  k: number;
  /** Winsorised overdispersion; null with fewer than 10 surgeons with cases (not estimated). */
  phi: number | null;
  /** Between-surgeon variance added to the limits; 0 unless method is additive-random-effects. */
  tau2: number;
  method: 'exact-binomial' | 'additive-random-effects';
  points: FunnelPoint[];
  /** Surgeon callers only: how many peers with fewer than 10 evaluable cases were left out of points. */
  suppressed?: number;
}

// ---------- settings ----------

/** What the portal needs to know about the clinic to show dates and comparisons right. */
export interface ClinicSettings {
  clinicTimezone: string;
  benchmarks: { success: number; satisfaction: number };
  benchmarkSource: string;
  /** The follow-ups new surgeries get (FOLLOW_UP_TIMEPOINTS), in clinical order; baseline is always planned. */
  followUpTimepoints: Exclude<Timepoint, 'baseline'>[];
  /** The follow-up the benchmarks are compared at (BENCHMARK_TIMEPOINT). */
  benchmarkTimepoint: Exclude<Timepoint, 'baseline'>;
  /** The portal signs its user out after this many minutes without activity (PORTAL_IDLE_MINUTES). */
  idleTimeoutMinutes: number;
}

// ---------- exports ----------

export const LONG_EXPORT_COLUMNS = [
  'subject_id',
  'surgeon_code',
  'procedure',
  'age_at_surgery',
  'timepoint',
  'status',
  'days_from_surgery',
  'mode',
  'leg_pain',
  'back_pain',
  'walking_distance',
  'satisfaction',
  'success',
  'satisfied',
  'definition_version',
  'stop_reason',
] as const;

// ---------- case mix ----------

/** Why the case-mix model was not fitted (docs/design.md, "Case mix and risk adjustment"). */
export type CaseMixInsufficientReason = 'too-few-cases' | 'too-few-events' | 'separation' | 'collinear' | 'not-converged';

/** One term of the case-mix model, on the log-odds scale. */
export interface CaseMixCoefficient {
  /** `(intercept)`, `baselineLegPain`, `baselineWalkingBin`, `ageBand:<level>` or `procedure:<level>`. */
  term: string;
  estimate: number;
  standardError: number;
}

/** The logistic model of success on the clinic's evaluable cases at the time point. */
export interface CaseMixModel {
  status: 'fitted' | 'insufficient';
  /** When insufficient: which rule stopped the fit, and the same in words with the numbers. */
  reasonCode?: CaseMixInsufficientReason;
  reason?: string;
  /** The clinic's evaluable cases and, of those, successes. */
  n: number;
  events: number;
  /** successes / n over the clinic: what an adjusted rate is scaled by. Null with no case. */
  clinicRate: number | null;
  /** The terms besides the intercept, in the model's order; a level is against its reference. */
  covariates: string[];
  /** The reference level of each categorical covariate in the model (the most common); null when left out. */
  reference: { ageBand: AgeBand | null; procedure: Procedure | null };
  /** When fitted: the intercept first, then one per covariate. */
  coefficients?: CaseMixCoefficient[];
}

/** One surgeon's evaluable cases at the time point: who they operated on, and how they did against expectation. */
export interface SurgeonCaseMix {
  /** Null for a peer when a surgeon looks: peers are unnamed, as on the funnel. */
  surgeonId: string | null;
  /** Name (admin), research pseudonym (researcher), or "You" / "Surgeon 2" (surgeon). */
  label: string;
  isCaller: boolean;
  /** Evaluable cases. */
  n: number;
  /** Mean age at surgery, ages above 90 counted as 90 (as in the export). Null with n = 0. */
  meanAge: number | null;
  meanBaselineLegPain: number | null;
  /** Baseline walking distance: cases in bins 0..4. */
  walkingBins: number[];
  procedures: Record<Procedure, number>;
  /** O: successes. */
  observed: number;
  /** E: the sum of the model's predicted probabilities of success of these cases. Null unless fitted and n > 0. */
  expected: number | null;
  /** O / E and its 95% interval (exact Poisson for O, divided by E). */
  oe: number | null;
  oeCi95: [number, number] | null;
  /** (O / E) x the clinic's rate, at most 1: the rate this surgeon would have with the clinic's case mix. */
  adjustedRate: number | null;
}

/** `GET /cohorts/case-mix`: every surgeon's case mix and risk-adjusted success at one post-op time point. */
export interface CaseMixView {
  timepoint: Timepoint;
  definition: DefinitionRef;
  model: CaseMixModel;
  surgeons: SurgeonCaseMix[];
  /** Surgeon callers only: how many peers with fewer than 10 evaluable cases were left out. */
  suppressed?: number;
}

export * from './alerts';
export * from './patient-list';
export * from './patient-import';
export * from './password-reset';
export * from './audit';
export * from './health';
export * from './definitions';
export * from './clinic-messages';
