import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isCalendarDate } from './dates';

@ValidatorConstraint({ name: 'isCalendarDate' })
export class IsCalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isCalendarDate(value);
  }
}
