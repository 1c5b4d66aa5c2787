import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TIMEPOINTS, Timepoint } from '@stride/contracts';
import { DefinitionQuery } from './cohort-filters.query';

const POST_OP = TIMEPOINTS.filter((t) => t !== 'baseline');

export class FunnelQuery extends DefinitionQuery {
  @ApiPropertyOptional({ enum: POST_OP, description: 'One of the configured follow-ups (FOLLOW_UP_TIMEPOINTS); default BENCHMARK_TIMEPOINT' })
  @IsOptional()
  @IsIn(POST_OP, { message: `timepoint must be one of ${POST_OP.join(', ')}` })
  timepoint?: Exclude<Timepoint, 'baseline'>;

  @ApiPropertyOptional({ enum: ['success', 'satisfaction'], default: 'success' })
  @IsOptional()
  @IsIn(['success', 'satisfaction'], { message: 'measure must be success or satisfaction' })
  measure?: 'success' | 'satisfaction';
}
