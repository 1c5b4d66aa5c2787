import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Validate } from 'class-validator';
import { AGE_BANDS, AgeBand, PROCEDURES, Procedure } from '@stride/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date';

/** The filters shared by the dashboard and the research export, so both describe the same cohort. */
export class CohortFiltersQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'surgeonId must be the id of a surgeon' })
  surgeonId?: string;

  @ApiPropertyOptional({ enum: PROCEDURES })
  @IsOptional()
  @IsIn(PROCEDURES, { message: `procedure must be one of ${PROCEDURES.join(', ')}` })
  procedure?: Procedure;

  @ApiPropertyOptional() @IsOptional() @Validate(IsCalendarDate, { message: 'surgeryFrom must be a date written YYYY-MM-DD' })
  surgeryFrom?: string;

  @ApiPropertyOptional() @IsOptional() @Validate(IsCalendarDate, { message: 'surgeryTo must be a date written YYYY-MM-DD' })
  surgeryTo?: string;

  @ApiPropertyOptional({ enum: AGE_BANDS })
  @IsOptional()
  @IsIn(AGE_BANDS, { message: `ageBand must be one of ${AGE_BANDS.join(', ')}` })
  ageBand?: AgeBand;
}
