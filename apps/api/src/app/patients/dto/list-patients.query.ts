import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  INVITATION_STATUSES,
  InvitationStatus,
  PATIENT_LIST_OUTCOMES,
  PATIENT_LIST_SORTS,
  PATIENT_STATUSES,
  PatientListOutcome,
  PatientListQuery,
  PatientListSort,
  PatientStatus,
  TIMEPOINTS,
  Timepoint,
} from '@stride/contracts';
import { CohortFiltersQuery } from '../../cohorts/dto/cohort-filters.query';

const oneOf = (field: string, values: readonly string[]): { message: string } => ({ message: `${field} must be one of ${values.join(', ')}` });

/** GET /patients: search and page, the dashboard's cohort filters (surgeonId among them), and what a figure counts. */
export class ListPatientsQuery extends CohortFiltersQuery implements PatientListQuery {
  @IsOptional() @IsString() @MaxLength(100)
  search?: string;

  @IsOptional() @Type(() => Number) @IsInt({ message: 'page must be a whole number' }) @Min(1) @Max(100000)
  page?: number;

  @IsOptional() @IsIn(PATIENT_STATUSES, oneOf('patientStatus', PATIENT_STATUSES))
  patientStatus?: PatientStatus;

  @IsOptional() @IsIn(TIMEPOINTS, oneOf('timepoint', TIMEPOINTS))
  timepoint?: Timepoint;

  @IsOptional() @IsIn(INVITATION_STATUSES, oneOf('status', INVITATION_STATUSES))
  status?: InvitationStatus;

  @IsOptional() @IsIn(PATIENT_LIST_OUTCOMES, oneOf('outcome', PATIENT_LIST_OUTCOMES))
  outcome?: PatientListOutcome;

  @IsOptional() @IsIn(PATIENT_LIST_SORTS, oneOf('sort', PATIENT_LIST_SORTS))
  sort?: PatientListSort;
}
