import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { PatientStatus, UpdatePatientStatusRequest } from '@stride/contracts';

const STOPS = ['withdrawn', 'deceased', 'opted_out'] as const;

export class UpdatePatientStatusDto implements UpdatePatientStatusRequest {
  @ApiProperty({ enum: STOPS }) @IsIn(STOPS, { message: 'status must be withdrawn, deceased or opted_out' })
  status!: Exclude<PatientStatus, 'active'>;
}
