import type { ClinicIdentity, ErrorCode, FieldError, Language, SurveyClosedReason } from '@stride/contracts';

/**
 * Domain errors carry their meaning; one filter maps them to HTTP.
 * Services throw these, never HttpException, so the rules read in the language of the clinic.
 * Each carries a stable `code` (libs/contracts ERROR_CODES): clients decide on it, not on the text.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: ErrorCode;
  /** Additive fields for the body beside `code` and `message` (e.g. a closed survey's reason). */
  readonly details?: object;
  constructor(
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  readonly status = 400;
  readonly code: ErrorCode = 'VALIDATION_FAILED';
  constructor(errors: FieldError[], message = 'Some fields are not valid') {
    super(message, errors);
  }
}

/** A date that cannot be true for a patient (born in the future, a surgery in 2099). */
export class ImplausibleDateError extends ValidationFailedError {
  override readonly code: ErrorCode = 'IMPLAUSIBLE_DATE';
  constructor(errors: FieldError[]) {
    super(errors, 'A date is not plausible');
  }
}

/** An answer or a link outside the invitation's window (Contract v1.1, "answer windows"). */
export class OutsideWindowError extends DomainError {
  readonly code: ErrorCode = 'OUTSIDE_WINDOW';
  constructor(
    readonly status: 400 | 409,
    message: string,
    errors?: FieldError[],
  ) {
    super(message, errors);
  }
}

export class NotAuthenticatedError extends DomainError {
  readonly status = 401;
  readonly code: ErrorCode = 'UNAUTHENTICATED';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code: ErrorCode = 'FORBIDDEN';
}

/** Also used when a record exists but the caller may not know it does (another surgeon's patient). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code: ErrorCode = 'NOT_FOUND';
}

/** A 409 whose code says which rule refused it (default `CONFLICT`). */
export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(
    message: string,
    errors?: FieldError[],
    readonly code: ErrorCode = 'CONFLICT',
  ) {
    super(message, errors);
  }
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly code: ErrorCode = 'RATE_LIMITED';
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests. Please wait a minute and try again.',
  ) {
    super(message);
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly code: ErrorCode = 'SERVICE_UNAVAILABLE';
  constructor(
    message = 'The service is briefly unavailable. Please try again in a moment.',
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}

/**
 * What a survey's end page needs besides the code (additive body fields): the clinic to call, and
 * for a closed link why it closed (`reason`), so an opted-out patient is told how to re-join.
 */
export interface SurveyErrorDetails {
  clinic?: ClinicIdentity;
  reason?: SurveyClosedReason;
  /** The patient's language, when the link is known: its end page speaks it. */
  language?: Language;
}

export class SurveyUnknownError extends DomainError {
  readonly status = 404;
  readonly code: ErrorCode = 'NOT_FOUND';
  constructor(override readonly details: SurveyErrorDetails = {}) {
    super('This survey link is not valid.');
  }
}

export class SurveyCompletedError extends DomainError {
  readonly status = 409;
  readonly code: ErrorCode = 'SURVEY_COMPLETED';
  constructor(override readonly details: SurveyErrorDetails = {}) {
    super('This survey has already been completed.');
  }
}

export class SurveyClosedError extends DomainError {
  readonly status = 410;
  readonly code: ErrorCode = 'SURVEY_CLOSED';
  constructor(override readonly details: SurveyErrorDetails = {}) {
    super(details.reason === 'opted_out' ? 'The patient has opted out of these surveys.' : 'This survey is closed.');
  }
}
