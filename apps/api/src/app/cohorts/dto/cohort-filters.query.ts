import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { AGE_BANDS, AgeBand, PROCEDURES, Procedure, SUCCESS_DEFINITIONS, SuccessDefinition } from '@stride/contracts';
import { isCalendarDate } from '../../common/dates';

/**
 * A calendar date PostgreSQL can compare with. PostgreSQL has no year 0000 (ISO's 1 BC): such a
 * filter would reach the query and fail there as a 500 instead of a 400 naming the field.
 */
@ValidatorConstraint({ name: 'isFilterDate' })
class IsFilterDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isCalendarDate(value) && !value.startsWith('0000');
  }
}

/** The filters shared by the dashboard and the research export, so both describe the same cohort. */
export class CohortFiltersQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'surgeonId must be the id of a surgeon' })
  surgeonId?: string;

  @ApiPropertyOptional({ enum: PROCEDURES })
  @IsOptional()
  @IsIn(PROCEDURES, { message: `procedure must be one of ${PROCEDURES.join(', ')}` })
  procedure?: Procedure;

  @ApiPropertyOptional() @IsOptional() @Validate(IsFilterDate, { message: 'surgeryFrom must be a date written YYYY-MM-DD' })
  surgeryFrom?: string;

  @ApiPropertyOptional() @IsOptional() @Validate(IsFilterDate, { message: 'surgeryTo must be a date written YYYY-MM-DD' })
  surgeryTo?: string;

  @ApiPropertyOptional({ enum: AGE_BANDS })
  @IsOptional()
  @IsIn(AGE_BANDS, { message: `ageBand must be one of ${AGE_BANDS.join(', ')}` })
  ageBand?: AgeBand;
}

/** The cohort filters plus which success definition the figures use (default success-v2). */
export class DefinitionQuery extends CohortFiltersQuery {
  @ApiPropertyOptional({ enum: SUCCESS_DEFINITIONS, default: 'success-v2' })
  @IsOptional()
  @IsIn(SUCCESS_DEFINITIONS, { message: `definition must be one of ${SUCCESS_DEFINITIONS.join(', ')}` })
  definition?: SuccessDefinition;
}
