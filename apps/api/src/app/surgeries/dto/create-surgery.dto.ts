import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Validate } from 'class-validator';
import { CreateSurgeryRequest, PROCEDURES, Procedure } from '@stride/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date';

export class CreateSurgeryDto implements CreateSurgeryRequest {
  @ApiProperty({ enum: PROCEDURES }) @IsIn(PROCEDURES, { message: `procedure must be one of ${PROCEDURES.join(', ')}` })
  procedure!: Procedure;

  @ApiProperty({ example: '2026-03-02' }) @Validate(IsCalendarDate, { message: 'surgeryDate must be a date written YYYY-MM-DD' })
  surgeryDate!: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'surgeonId must be the id of a surgeon' })
  surgeonId?: string;
}
