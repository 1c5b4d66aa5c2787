import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DefinitionQuery } from '../../cohorts/dto/cohort-filters.query';

export class ExportQuery extends DefinitionQuery {
  @ApiPropertyOptional({ enum: ['long', 'wide'] }) @IsOptional() @IsIn(['long', 'wide'], { message: 'format must be long or wide' })
  format?: 'long' | 'wide';
}
