import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_SUCCESS_DEFINITION, type SuccessDefinition, type CaseMixView, type CohortSummary, type FunnelView, type SurgeonOption, type TimepointSummary } from '@stride/contracts';
import { SATISFIED_V1, toDefinitionRef, caseMixBySurgeon, funnelV2, meanStatFromMoments, rateStat, suppressSmallPeers } from '@stride/outcomes';
import { CohortsRepository, SurgeonCounts, TimepointCounts } from './cohorts.repository';
import { CohortFilters, assertWholeYears, scopedFilters } from './cohort-filters';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Caller } from '../auth/caller';
import type { FollowUpTimepoint } from '../invitations/invitation-plan';
import { SUCCESS_FLAG_COLUMN, successDefinitionRef } from '../invitations/outcome-flags';
import { ValidationFailedError } from '../common/domain-errors';

@Injectable()
export class CohortsService {
  constructor(
    private readonly repository: CohortsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async summary(caller: Caller, requested: CohortFilters, definition: SuccessDefinition = DEFAULT_SUCCESS_DEFINITION): Promise<CohortSummary> {
    const filters = scopedFilters(caller, requested);
    const summary = await this.summaryOf(filters, definition);
    await this.audit.record(caller, { action: 'cohort.summary', entityType: 'cohort', detail: { ...filters, definition } });
    return summary;
  }

  /**
   * The summary's numbers for filters already scoped to the caller (scopedFilters), without an audit
   * row: the PDF report prints these very numbers and audits itself as an export.
   */
  async summaryOf(filters: CohortFilters, definition: SuccessDefinition = DEFAULT_SUCCESS_DEFINITION): Promise<CohortSummary> {
    const counts = await this.repository.countByTimepoint(filters, this.clock.now(), definition);
    const byTimepoint = new Map(counts.map((c) => [c.timepoint, c]));
    const { benchmarks } = this.config;
    return {
      definitions: {
        success: successDefinitionRef(definition),
        satisfied: { name: SATISFIED_V1.name, version: SATISFIED_V1.version, description: SATISFIED_V1.description },
      },
      benchmarks,
      benchmarkTimepoint: this.config.benchmarkTimepoint,
      benchmarkSource: this.config.benchmarkSource,
      filters,
      timepoints: (['baseline', ...this.config.followUpTimepoints] as const).map((timepoint) => summarize(byTimepoint.get(timepoint) ?? emptyCounts(timepoint), benchmarks)),
    };
  }

  /** When the newest response counted in this cohort was collected (null with none): the report's data cut-off. */
  latestResponseAt(filters: CohortFilters): Promise<Date | null> {
    return this.repository.latestResponseAt(filters, this.clock.now());
  }

  /** The surgeons a caller may filter the cohort by, named as that caller may see them. */
  async surgeonOptions(caller: Caller): Promise<SurgeonOption[]> {
    const surgeons = await this.repository.surgeons();
    if (caller.role === 'surgeon') return surgeons.filter((s) => s.id === caller.id).map((s) => ({ id: s.id, label: s.name }));
    return surgeons.map((s) => ({ id: s.id, label: caller.role === 'admin' ? s.name : s.surgeonCode }));
  }

  /**
   * Funnel v2 (DESIGN.md "Contract v1.1"): one point per surgeon against the benchmark p0, with exact
   * binomial limits, or random-effects limits when ten or more surgeons vary beyond chance. The funnel
   * is always the whole clinic's (k, phi and the limits come from every surgeon); identify() then decides
   * which points the caller sees and under what name.
   */
  async funnel(
    caller: Caller,
    filters: CohortFilters,
    requestedTimepoint: FollowUpTimepoint | undefined,
    measure: 'success' | 'satisfaction',
    definition: SuccessDefinition = DEFAULT_SUCCESS_DEFINITION,
  ): Promise<FunnelView> {
    if (caller.role === 'researcher') assertWholeYears(filters);
    const timepoint = this.followUp(requestedTimepoint);
    const { surgeonId: _ignored, ...clinicWide } = filters;
    const funnel = await this.funnelOf(caller, clinicWide, timepoint, measure, definition);
    await this.audit.record(caller, { action: 'cohort.funnel', entityType: 'cohort', detail: { ...clinicWide, timepoint, measure, definition } });
    return funnel;
  }

  /** The funnel as `caller` may see it, for clinic-wide filters already checked, without an audit row (the PDF report's). */
  async funnelOf(
    caller: Caller,
    clinicWide: Omit<CohortFilters, 'surgeonId'>,
    timepoint: FollowUpTimepoint,
    measure: 'success' | 'satisfaction',
    definition: SuccessDefinition = DEFAULT_SUCCESS_DEFINITION,
  ): Promise<FunnelView> {
    const counts = await this.repository.countBySurgeon(clinicWide, timepoint, measure === 'success' ? SUCCESS_FLAG_COLUMN[definition] : 'satisfied');
    const p0 = measure === 'success' ? this.config.benchmarks.success : this.config.benchmarks.satisfaction;
    const { points, ...funnel } = funnelV2(counts.map(({ surgeonId, x, n }) => ({ surgeonId, x, n })), p0);
    return {
      timepoint,
      measure,
      definition: measure === 'success' ? successDefinitionRef(definition) : toDefinitionRef(SATISFIED_V1),
      ...funnel,
      ...identify(caller, counts, points),
    };
  }

  /**
   * Case mix and risk adjustment (docs/design.md, "Case mix and risk adjustment"): each surgeon's
   * evaluable cases at the time point described, and their successes against those a logistic model
   * fitted on the whole clinic expects (indirect standardisation, caseMixBySurgeon). Like the funnel it
   * is the clinic's (a surgeonId filter is ignored) and named as identify() allows.
   */
  async caseMix(
    caller: Caller,
    filters: CohortFilters,
    requestedTimepoint: FollowUpTimepoint | undefined,
    definition: SuccessDefinition = DEFAULT_SUCCESS_DEFINITION,
  ): Promise<CaseMixView> {
    if (caller.role === 'researcher') assertWholeYears(filters);
    const timepoint = this.followUp(requestedTimepoint);
    const { surgeonId: _ignored, ...clinicWide } = filters;
    const [surgeons, cases] = await Promise.all([this.repository.surgeons(), this.repository.caseMixCases(clinicWide, timepoint, SUCCESS_FLAG_COLUMN[definition])]);
    await this.audit.record(caller, { action: 'cohort.case-mix', entityType: 'cohort', detail: { ...clinicWide, timepoint, definition } });
    // In pseudonym order, as the funnel: an order by name would give names away to a researcher.
    const names = surgeons
      .map((s) => ({ surgeonId: s.id, surgeonName: s.name, surgeonCode: s.surgeonCode }))
      .sort((a, b) => (a.surgeonCode < b.surgeonCode ? -1 : a.surgeonCode > b.surgeonCode ? 1 : 0));
    const { model, surgeons: stats } = caseMixBySurgeon(names.map((s) => s.surgeonId), cases);
    const { points, suppressed } = identify(caller, names, stats);
    return {
      timepoint,
      definition: successDefinitionRef(definition),
      model,
      surgeons: points,
      ...(suppressed === undefined ? {} : { suppressed }),
    };
  }

  /** A comparison is made at one of the configured follow-ups; the benchmark time point unless asked. */
  private followUp(requested: FollowUpTimepoint | undefined): FollowUpTimepoint {
    const { followUpTimepoints, benchmarkTimepoint } = this.config;
    if (requested === undefined) return benchmarkTimepoint;
    if (!followUpTimepoints.includes(requested)) {
      throw new ValidationFailedError([{ field: 'timepoint', message: `timepoint must be one of the configured follow-ups: ${followUpTimepoints.join(', ')}` }]);
    }
    return requested;
  }
}

type Named<T> = Omit<T, 'surgeonId'> & { surgeonId: string | null; label: string; isCaller: boolean };

/**
 * The funnel's points (and the case mix's rows) as the caller may see them. An admin sees every
 * surgeon by name, a researcher by research pseudonym. A surgeon sees "You" and, of their peers, only
 * those with 10 or more cases (suppressSmallPeers, DESIGN.md "Funnel v2"), unnamed: "Surgeon 1".."Surgeon m", numbered after the
 * suppression so that gaps do not count the small peers, in the order of the surgeons' random
 * pseudonyms, which is stable from one request to the next and says nothing about who is who.
 */
function identify<T extends { surgeonId: string; n: number }>(
  caller: Caller,
  names: readonly Pick<SurgeonCounts, 'surgeonId' | 'surgeonName' | 'surgeonCode'>[],
  points: readonly T[],
): { points: Named<T>[]; suppressed?: number } {
  const surgeon = new Map(names.map((c) => [c.surgeonId, c]));
  const about = (point: T): Pick<SurgeonCounts, 'surgeonName' | 'surgeonCode'> => surgeon.get(point.surgeonId) as SurgeonCounts;
  if (caller.role !== 'surgeon') {
    return {
      points: points.map((point) => ({
        ...point,
        label: caller.role === 'admin' ? about(point).surgeonName : about(point).surgeonCode,
        isCaller: point.surgeonId === caller.id,
      })),
    };
  }
  const { points: visible, suppressed } = suppressSmallPeers(points, caller.id);
  const code = (point: T): string => about(point).surgeonCode;
  const peers = visible.filter((p) => p.surgeonId !== caller.id).sort((a, b) => (code(a) < code(b) ? -1 : code(a) > code(b) ? 1 : 0));
  return {
    points: [
      ...visible.filter((p) => p.surgeonId === caller.id).map((p) => ({ ...p, label: 'You', isCaller: true })),
      ...peers.map((p, index) => ({ ...p, surgeonId: null, label: `Surgeon ${index + 1}`, isCaller: false })),
    ],
    suppressed,
  };
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
    legPain: meanStatFromMoments(c.legPain, c.legPainChange),
    walkingDistance: { bins: c.walkingBins },
    deceased: c.deceased,
    stopped: { withdrawn: c.withdrawn, optedOut: c.optedOut },
    notEvaluableLowBaseline: c.notEvaluableLowBaseline,
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
    legPain: { n: 0, sum: 0, sumSquares: 0 },
    legPainChange: { n: 0, sum: 0, sumSquares: 0 },
    walkingBins: [0, 0, 0, 0, 0],
    deceased: 0,
    withdrawn: 0,
    optedOut: 0,
    notEvaluableLowBaseline: 0,
  };
}
