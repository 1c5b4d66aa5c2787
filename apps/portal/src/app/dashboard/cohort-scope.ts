import { CohortFilters } from '../data-access/cohorts.service';
import { AGE_BAND_LABELS, PROCEDURE_LABELS } from '../shared/labels';

/** "Laminectomy · ages 70–79 · surgeries from 2025-01-01": the cohort a figure describes, beyond the surgeon. */
export function describeFilters(filters: CohortFilters): string {
  const parts = [filters.procedure ? PROCEDURE_LABELS[filters.procedure] : 'all procedures'];
  parts.push(filters.ageBand ? `age ${AGE_BAND_LABELS[filters.ageBand].toLowerCase()}` : 'all ages');
  const { surgeryFrom: from, surgeryTo: to } = filters;
  if (from && to) parts.push(`surgery ${from} to ${to}`);
  else if (from) parts.push(`surgery on or after ${from}`);
  else if (to) parts.push(`surgery on or before ${to}`);
  else parts.push('all surgery dates');
  return parts.join(' · ');
}
