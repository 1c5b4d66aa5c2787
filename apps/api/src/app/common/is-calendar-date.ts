import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isCalendarDate, isIsoInstant } from './dates';

@ValidatorConstraint({ name: 'isCalendarDate' })
export class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isCalendarDate(value);
  }
}

/** A calendar date (YYYY-MM-DD), or an ISO 8601 instant with its offset. */
@ValidatorConstraint({ name: 'isCalendarDateOrInstant' })
export class IsCalendarDateOrInstant implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isCalendarDate(value) || isIsoInstant(value);
  }
}
