import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DEFAULT_SUCCESS_DEFINITION, type CaseMixView, type CohortSummary, type FunnelView, type SurgeonOption } from '@stride/contracts';
import { CohortsService } from './cohorts.service';
import { CaseMixQuery } from './dto/case-mix.query';
import { DefinitionQuery } from './dto/cohort-filters.query';
import { FunnelQuery } from './dto/funnel.query';
import { Caller, CurrentCaller } from '../auth/caller';

@ApiTags('cohorts')
@ApiBearerAuth()
@Controller('cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Get('summary')
  summary(@CurrentCaller() caller: Caller, @Query() { definition, ...filters }: DefinitionQuery): Promise<CohortSummary> {
    return this.cohorts.summary(caller, filters, definition ?? DEFAULT_SUCCESS_DEFINITION);
  }

  @Get('funnel')
  funnel(@CurrentCaller() caller: Caller, @Query() { timepoint, measure, definition, ...filters }: FunnelQuery): Promise<FunnelView> {
    return this.cohorts.funnel(caller, filters, timepoint, measure ?? 'success', definition ?? DEFAULT_SUCCESS_DEFINITION);
  }

  @Get('case-mix')
  caseMix(@CurrentCaller() caller: Caller, @Query() { timepoint, definition, ...filters }: CaseMixQuery): Promise<CaseMixView> {
    return this.cohorts.caseMix(caller, filters, timepoint, definition ?? DEFAULT_SUCCESS_DEFINITION);
  }

  @Get('surgeons')
  surgeons(@CurrentCaller() caller: Caller): Promise<SurgeonOption[]> {
    return this.cohorts.surgeonOptions(caller);
  }
}
