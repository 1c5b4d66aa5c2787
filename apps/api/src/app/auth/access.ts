import type { Caller } from './caller';
import { NotFoundError } from '../common/domain-errors';

/**
 * The one rule for patient data: admins see everyone, a surgeon only their own patients,
 * researchers no identified patient at all. An invisible patient is "not found", not "forbidden",
 * so a surgeon cannot learn that another surgeon's patient exists.
 */
export function assertCanSeePatient(caller: Caller, patient: { surgeonId: string }): void {
  if (caller.role === 'admin') return;
  if (caller.role === 'surgeon' && patient.surgeonId === caller.id) return;
  throw new NotFoundError('Patient not found');
}

/** The surgeon a query must be restricted to, or undefined for roles that see the whole clinic. */
export function surgeonScope(caller: Caller): string | undefined {
  return caller.role === 'surgeon' ? caller.id : undefined;
}
