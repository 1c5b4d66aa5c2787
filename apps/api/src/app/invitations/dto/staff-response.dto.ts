import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsObject, Validate } from 'class-validator';
import type { Answers, StaffResponseMode, StaffResponseRequest } from '@stride/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date';

export class StaffResponseDto implements StaffResponseRequest {
  /** Checked against the instrument (ranges, applicability) by libs/outcomes in the service. */
  @ApiProperty({ example: { legPain: 7, backPain: 4, walkingDistance: 1 } }) @IsObject({ message: 'answers must be an object' })
  answers!: Answers;

  @ApiProperty({ enum: ['paper', 'phone', 'clinic'] }) @IsIn(['paper', 'phone', 'clinic'], { message: 'mode must be paper, phone or clinic' })
  mode!: StaffResponseMode;

  @ApiProperty({ example: '2026-03-01' }) @Validate(IsCalendarDate, { message: 'collectedAt must be a date written YYYY-MM-DD' })
  collectedAt!: string;
}
