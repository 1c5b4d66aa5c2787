import { ApiProperty } from '@nestjs/swagger';
import { Validate } from 'class-validator';
import type { RescheduleRequest } from '@stride/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date';

export class RescheduleSurgeryDto implements RescheduleRequest {
  @ApiProperty({ example: '2026-03-09' }) @Validate(IsCalendarDate, { message: 'surgeryDate must be a date written YYYY-MM-DD' })
  surgeryDate!: string;
}
