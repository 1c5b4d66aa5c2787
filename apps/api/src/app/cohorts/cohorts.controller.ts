import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CaseMixView, CohortSummary, FunnelView, SurgeonOption } from '@stride/contracts';
import { CohortsService } from './cohorts.service';
import { CaseMixQuery } from './dto/case-mix.query';
import { CohortFiltersQuery } from './dto/cohort-filters.query';
import { FunnelQuery } from './dto/funnel.query';
import { Caller, CurrentCaller } from '../auth/caller';

@ApiTags('cohorts')
@ApiBearerAuth()
@Controller('cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Get('summary')
  summary(@CurrentCaller() caller: Caller, @Query() filters: CohortFiltersQuery): Promise<CohortSummary> {
    return this.cohorts.summary(caller, filters);
  }

  @Get('funnel')
  funnel(@CurrentCaller() caller: Caller, @Query() { timepoint, measure, ...filters }: FunnelQuery): Promise<FunnelView> {
    return this.cohorts.funnel(caller, filters, timepoint, measure ?? 'success');
  }

  @Get('case-mix')
  caseMix(@CurrentCaller() caller: Caller, @Query() { timepoint, ...filters }: CaseMixQuery): Promise<CaseMixView> {
    return this.cohorts.caseMix(caller, filters, timepoint);
  }

  @Get('surgeons')
  surgeons(@CurrentCaller() caller: Caller): Promise<SurgeonOption[]> {
    return this.cohorts.surgeonOptions(caller);
  }
}
