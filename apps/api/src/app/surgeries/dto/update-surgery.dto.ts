import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Validate } from 'class-validator';
import type { UpdateSurgeryRequest } from '@stride/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date';

export class UpdateSurgeryDto implements UpdateSurgeryRequest {
  @ApiPropertyOptional() @IsOptional() @Validate(IsCalendarDate, { message: 'surgeryDate must be a date written YYYY-MM-DD' })
  surgeryDate?: string;

  @ApiPropertyOptional({ enum: ['cancelled'] }) @IsOptional() @IsIn(['cancelled'], { message: 'status can only be set to cancelled' })
  status?: 'cancelled';
}
