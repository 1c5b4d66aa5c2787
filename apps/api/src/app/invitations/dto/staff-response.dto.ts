import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsObject, Validate } from 'class-validator';
import type { Answers, StaffResponseMode, StaffResponseRequest } from '@stride/contracts';
import { IsCalendarDateOrInstant } from '../../common/is-calendar-date';

export class StaffResponseDto implements StaffResponseRequest {
  /** Checked against the instrument (ranges, applicability) by libs/outcomes in the service. */
  @ApiProperty({ example: { legPain: 7, backPain: 4, walkingDistance: 1 } }) @IsObject({ message: 'answers must be an object' })
  answers!: Answers;

  @ApiProperty({ enum: ['paper', 'phone', 'clinic'] }) @IsIn(['paper', 'phone', 'clinic'], { message: 'mode must be paper, phone or clinic' })
  mode!: StaffResponseMode;

  /** The day it was collected (YYYY-MM-DD), or the moment with its offset (2026-03-01T14:30:00Z): its day in the clinic's time zone is what the window checks. */
  @ApiProperty({ example: '2026-03-01' })
  @Validate(IsCalendarDateOrInstant, { message: 'collectedAt must be a date written YYYY-MM-DD, or an ISO 8601 time with its offset (2026-03-01T14:30:00Z)' })
  collectedAt!: string;
}
