import type { FieldError } from '@stride/contracts';

/**
 * Domain errors carry their meaning; one filter maps them to HTTP.
 * Services throw these, never HttpException, so the rules read in the language of the clinic.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
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
  constructor(errors: FieldError[], message = 'Some fields are not valid') {
    super(message, errors);
  }
}

export class NotAuthenticatedError extends DomainError {
  readonly status = 401;
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/** Also used when a record exists but the caller may not know it does (another surgeon's patient). */
export class NotFoundError extends DomainError {
  readonly status = 404;
}

export class ConflictError extends DomainError {
  readonly status = 409;
}

export class SurveyUnknownError extends DomainError {
  readonly status = 404;
  constructor() {
    super('This survey link is not valid.');
  }
}

export class SurveyCompletedError extends DomainError {
  readonly status = 409;
  constructor() {
    super('This survey has already been completed.');
  }
}

export class SurveyClosedError extends DomainError {
  readonly status = 410;
  constructor() {
    super('This survey is closed.');
  }
}
