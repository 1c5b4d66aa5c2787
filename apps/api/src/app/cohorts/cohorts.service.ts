import { Inject, Injectable } from '@nestjs/common';
import { TIMEPOINTS, type CohortSummary, type TimepointSummary } from '@stride/contracts';
import { SATISFIED_V1, SUCCESS_V1, meanStat, rateStat } from '@stride/outcomes';
import { CohortsRepository, TimepointCounts } from './cohorts.repository';
import { CohortFilters, scopedFilters } from './cohort-filters';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Caller } from '../auth/caller';

@Injectable()
export class CohortsService {
  constructor(
    private readonly repository: CohortsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async summary(caller: Caller, requested: CohortFilters): Promise<CohortSummary> {
    const filters = scopedFilters(caller, requested);
    const counts = await this.repository.countByTimepoint(filters, this.clock.now());
    await this.audit.record(caller, { action: 'cohort.summary', entityType: 'cohort', detail: { ...filters } });
    const byTimepoint = new Map(counts.map((c) => [c.timepoint, c]));
    const { benchmarks } = this.config;
    return {
      definitions: {
        success: { name: SUCCESS_V1.name, version: SUCCESS_V1.version, description: SUCCESS_V1.description },
        satisfied: { name: SATISFIED_V1.name, version: SATISFIED_V1.version, description: SATISFIED_V1.description },
      },
      benchmarks,
      filters,
      timepoints: TIMEPOINTS.map((timepoint) => summarize(byTimepoint.get(timepoint) ?? emptyCounts(timepoint), benchmarks)),
    };
  }
}

function summarize(c: TimepointCounts, benchmarks: AppConfig['benchmarks']): TimepointSummary {
  // Success and satisfaction are post-operative measures: at baseline nobody is eligible for them.
  const nonResponders = c.timepoint === 'baseline' ? 0 : c.eligible - c.responded;
  return {
    timepoint: c.timepoint,
    eligible: c.eligible,
    responded: c.responded,
    responseRate: c.eligible > 0 ? c.responded / c.eligible : null,
    // Loss-to-follow-up bounds count every eligible non-responder as a failure (worst) or a success (best);
    // responders who are not evaluable (e.g. no baseline) stay out of both.
    success: rateStat({ x: c.successX, n: c.successN, responded: c.successN, eligible: c.successN + nonResponders, benchmark: benchmarks.success }),
    satisfaction: rateStat({
      x: c.satisfiedX,
      n: c.satisfiedN,
      responded: c.satisfiedN,
      eligible: c.satisfiedN + nonResponders,
      benchmark: benchmarks.satisfaction,
    }),
    legPain: meanStat(c.legPain, c.legPainChange),
    walkingDistance: { bins: c.walkingBins },
  };
}

function emptyCounts(timepoint: TimepointCounts['timepoint']): TimepointCounts {
  return {
    timepoint,
    eligible: 0,
    responded: 0,
    successN: 0,
    successX: 0,
    satisfiedN: 0,
    satisfiedX: 0,
    legPain: [],
    legPainChange: [],
    walkingBins: [0, 0, 0, 0, 0],
  };
}
