import { Inject, Injectable } from '@nestjs/common';
import { TIMEPOINTS, type CohortSummary, type FunnelView, type SurgeonOption, type Timepoint, type TimepointSummary } from '@stride/contracts';
import { SATISFIED_V1, SUCCESS_V1, funnelPlot, meanStat, rateStat } from '@stride/outcomes';
import { CohortsRepository, SurgeonCounts, TimepointCounts } from './cohorts.repository';
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

  /** The surgeons a caller may filter the cohort by, named as that caller may see them. */
  async surgeonOptions(caller: Caller): Promise<SurgeonOption[]> {
    const surgeons = await this.repository.surgeons();
    if (caller.role === 'surgeon') return surgeons.filter((s) => s.id === caller.id).map((s) => ({ id: s.id, label: s.name }));
    return surgeons.map((s) => ({ id: s.id, label: caller.role === 'admin' ? s.name : s.surgeonCode }));
  }

  /**
   * One point per surgeon against the benchmark, with 95% and 99.8% control limits (Spiegelhalter
   * 2005). Surgeons see the whole clinic so they can place themselves, but their peers unnamed.
   */
  async funnel(
    caller: Caller,
    filters: CohortFilters,
    timepoint: Exclude<Timepoint, 'baseline'>,
    measure: 'success' | 'satisfaction',
  ): Promise<FunnelView> {
    const { surgeonId: _ignored, ...clinicWide } = filters;
    const counts = await this.repository.countBySurgeon(clinicWide, timepoint, measure);
    await this.audit.record(caller, { action: 'cohort.funnel', entityType: 'cohort', detail: { ...clinicWide, timepoint, measure } });
    const p0 = measure === 'success' ? this.config.benchmarks.success : this.config.benchmarks.satisfaction;
    const plot = funnelPlot(counts.map((c) => ({ surgeonId: c.surgeonId, x: c.x, n: c.n })), p0);
    const definition = measure === 'success' ? SUCCESS_V1 : SATISFIED_V1;
    return {
      timepoint,
      measure,
      definition: { name: definition.name, version: definition.version, description: definition.description },
      p0,
      phi: plot.phi,
      points: plot.points.map((point, index) => ({ ...point, ...identify(caller, counts[index], index) })),
    };
  }
}

function identify(caller: Caller, counts: SurgeonCounts, index: number): { surgeonId: string | null; label: string; isCaller: boolean } {
  const isCaller = counts.surgeonId === caller.id;
  if (caller.role === 'admin') return { surgeonId: counts.surgeonId, label: counts.surgeonName, isCaller };
  if (caller.role === 'researcher') return { surgeonId: counts.surgeonId, label: counts.surgeonCode, isCaller };
  return isCaller
    ? { surgeonId: counts.surgeonId, label: 'You', isCaller }
    : { surgeonId: null, label: `Surgeon ${index + 1}`, isCaller };
}

function summarize(c: TimepointCounts, benchmarks: AppConfig['benchmarks']): TimepointSummary {
  // Success and satisfaction are post-operative measures: at baseline nobody is eligible for them.
  const postOp = c.timepoint !== 'baseline';
  const rate = (x: number, n: number, benchmark: number): TimepointSummary['success'] =>
    rateStat({ x, n, eligible: postOp ? c.eligible : n, responded: postOp ? c.responded : n, benchmark });
  return {
    timepoint: c.timepoint,
    eligible: c.eligible,
    responded: c.responded,
    responseRate: c.eligible > 0 ? c.responded / c.eligible : null,
    // Loss-to-follow-up bounds (libs/outcomes lossToFollowUpBounds): every eligible non-responder,
    // withdrawn and opted-out patients included, counted as a failure (worst) or a success (best).
    success: rate(c.successX, c.successN, benchmarks.success),
    satisfaction: rate(c.satisfiedX, c.satisfiedN, benchmarks.satisfaction),
    legPain: meanStat(c.legPain, c.legPainChange),
    walkingDistance: { bins: c.walkingBins },
    deceased: c.deceased,
    stopped: { withdrawn: c.withdrawn, optedOut: c.optedOut },
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
    deceased: 0,
    withdrawn: 0,
    optedOut: 0,
  };
}
