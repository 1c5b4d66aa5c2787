import type { Caller } from '../auth/caller';
import type { AgeBand } from '@stride/contracts';
import { ForbiddenError, ValidationFailedError } from '../common/domain-errors';
import type { CohortFiltersQuery } from './dto/cohort-filters.query';

export type CohortFilters = Pick<CohortFiltersQuery, 'surgeonId' | 'procedure' | 'surgeryFrom' | 'surgeryTo' | 'ageBand'>;

/** Age at surgery, in whole years, as SQL on alias `s`. */
const AGE_AT_SURGERY = `extract(year FROM age(s.surgery_date, (SELECT birth_date FROM patients WHERE id = s.patient_id)))`;

const AGE_BAND_RANGES: Record<AgeBand, [number, number]> = { '<60': [0, 59], '60-69': [60, 69], '70-79': [70, 79], '80+': [80, 200] };

/**
 * A surgeon's cohort is always their own, whatever they ask for. A researcher's surgery dates are
 * whole calendar years (Contract v1.1, "Privacy at the edges"): narrower ranges, bisected, would
 * give back each subject's surgery date and so every "days from surgery" as a calendar date.
 */
export function scopedFilters(caller: Caller, filters: CohortFilters): CohortFilters {
  if (caller.role === 'researcher') assertWholeYears(filters);
  if (caller.role !== 'surgeon') return { ...filters };
  if (filters.surgeonId && filters.surgeonId !== caller.id) {
    throw new ForbiddenError("A surgeon can only view their own cohort");
  }
  return { ...filters, surgeonId: caller.id };
}

/**
 * The cohort's surgeries as a SQL condition on alias `s`, with positional parameters starting at
 * `offset`. Used by the summary and (with literals) by the export, so both select the same rows.
 */
export function surgeryConditions(filters: CohortFilters, offset: number): { sql: string; params: unknown[] } {
  const parts = [`s.status = 'scheduled'`];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown): void => {
    params.push(value);
    parts.push(clause(`$${offset + params.length}`));
  };
  if (filters.surgeonId) add((p) => `s.surgeon_id = ${p}::uuid`, filters.surgeonId);
  if (filters.procedure) add((p) => `s.procedure = ${p}`, filters.procedure);
  if (filters.surgeryFrom) add((p) => `s.surgery_date >= ${p}::date`, filters.surgeryFrom);
  if (filters.surgeryTo) add((p) => `s.surgery_date <= ${p}::date`, filters.surgeryTo);
  if (filters.ageBand) {
    const [from, to] = AGE_BAND_RANGES[filters.ageBand];
    add((p) => `${AGE_AT_SURGERY} >= ${p}::int`, String(from));
    add((p) => `${AGE_AT_SURGERY} <= ${p}::int`, String(to));
  }
  return { sql: parts.join(' AND '), params };
}

export function assertWholeYears({ surgeryFrom, surgeryTo }: CohortFilters): void {
  const errors = [
    ...(surgeryFrom && !/^\d{4}-01-01$/.test(surgeryFrom)
      ? [{ field: 'surgeryFrom', message: 'surgeryFrom must be the first day of a year (YYYY-01-01) for research use' }]
      : []),
    ...(surgeryTo && !/^\d{4}-12-31$/.test(surgeryTo)
      ? [{ field: 'surgeryTo', message: 'surgeryTo must be the last day of a year (YYYY-12-31) for research use' }]
      : []),
  ];
  if (errors.length > 0) throw new ValidationFailedError(errors);
}
