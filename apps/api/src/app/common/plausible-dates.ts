import { DateTime } from 'luxon';
import { ImplausibleDateError } from './domain-errors';

/**
 * Contract v1.1, "Plausible dates": a birth date from 1900-01-01 to today; a surgery from 5 years
 * before today to 1 year after it; the age at surgery 18 to 110. `today` is the clinic's calendar
 * date (YYYY-MM-DD). Dates are compared as ISO strings, which order like the calendar.
 */
export const EARLIEST_BIRTH_DATE = '1900-01-01';
export const SURGERY_YEARS_BACK = 5;
export const SURGERY_YEARS_AHEAD = 1;
export const MIN_AGE_AT_SURGERY = 18;
export const MAX_AGE_AT_SURGERY = 110;

/**
 * At enrollment there may be no surgery yet: the birth date must allow one that is plausible, i.e.
 * an age of 18 to 110 on some day from 5 years ago to 1 year ahead. The exact age is checked on the
 * surgery date itself (assertPlausibleSurgeryDate).
 */
export function assertPlausibleBirthDate(birthDate: string, today: string): void {
  if (birthDate < EARLIEST_BIRTH_DATE || birthDate > today) {
    throw new ImplausibleDateError([{ field: 'birthDate', message: `birthDate must lie between ${EARLIEST_BIRTH_DATE} and today (${today})` }]);
  }
  const { earliest, latest } = surgeryRange(today);
  if (ageOn(birthDate, latest) < MIN_AGE_AT_SURGERY || ageOn(birthDate, earliest) > MAX_AGE_AT_SURGERY) {
    throw new ImplausibleDateError([
      {
        field: 'birthDate',
        message: `birthDate gives an age of ${ageOn(birthDate, today)}; Stride follows adults operated at ${MIN_AGE_AT_SURGERY} to ${MAX_AGE_AT_SURGERY}`,
      },
    ]);
  }
}

function surgeryRange(today: string): { earliest: string; latest: string } {
  const day = DateTime.fromISO(today, { zone: 'utc' });
  return {
    earliest: day.minus({ years: SURGERY_YEARS_BACK }).toISODate() as string,
    latest: day.plus({ years: SURGERY_YEARS_AHEAD }).toISODate() as string,
  };
}

export function assertPlausibleSurgeryDate(surgeryDate: string, birthDate: string, today: string): void {
  const { earliest, latest } = surgeryRange(today);
  if (surgeryDate < earliest || surgeryDate > latest) {
    throw new ImplausibleDateError([{ field: 'surgeryDate', message: `surgeryDate must lie between ${earliest} and ${latest}` }]);
  }
  assertPlausibleAgeAtSurgery(birthDate, surgeryDate, 'surgeryDate');
}

/** The age at surgery is 18 to 110; `field` names the date being changed (the surgery's, or the birth date). */
export function assertPlausibleAgeAtSurgery(birthDate: string, surgeryDate: string, field: 'surgeryDate' | 'birthDate' = 'birthDate'): void {
  const age = ageOn(birthDate, surgeryDate);
  if (age < MIN_AGE_AT_SURGERY || age > MAX_AGE_AT_SURGERY) {
    const message =
      field === 'surgeryDate'
        ? `the patient would be ${age} at surgery; the age at surgery must be ${MIN_AGE_AT_SURGERY} to ${MAX_AGE_AT_SURGERY}`
        : `birthDate gives an age of ${age} at the surgery on ${surgeryDate}; the age at surgery must be ${MIN_AGE_AT_SURGERY} to ${MAX_AGE_AT_SURGERY}`;
    throw new ImplausibleDateError([{ field, message }]);
  }
}

/**
 * Whole years completed between two calendar dates (YYYY-MM-DD), counted as PostgreSQL's age()
 * counts them for the export's age_at_surgery and the age bands, so the API and the export agree:
 * a 29 February birthday is reached on 1 March in other years (Luxon would say 28 February).
 */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
