import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Timepoint } from '@stride/contracts';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { CohortFilters, scopedFilters } from '../cohorts/cohort-filters';
import { CohortsService } from '../cohorts/cohorts.service';
import { Clock } from '../common/clock';
import { ValidationFailedError } from '../common/domain-errors';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { renderOutcomesReport } from './outcomes-report.pdf';

const PROCEDURE_NAMES: Record<string, string> = { laminectomy: 'laminectomy', endoscopic_decompression: 'endoscopic decompression', other: 'other decompression' };

export interface ReportFile {
  /** Names no patient or surgeon: the report's date only. */
  filename: string;
  pdf: Buffer;
}

/**
 * The printable outcomes report. It prints the cohorts service's own numbers (summaryOf, funnelOf)
 * for the same filters, checked the same way (scopedFilters: a surgeon's report is their own cohort,
 * a researcher's dates are whole years), and is audited once, as an export.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async outcomesPdf(caller: Caller, requested: CohortFilters): Promise<ReportFile> {
    const filters = scopedFilters(caller, requested);
    const cohortLabel = await this.cohortLabel(caller, filters);
    const { surgeonId, ...clinicWide } = filters;
    const summary = await this.cohorts.summaryOf(filters);
    const benchmarkTimepoint = summary.benchmarkTimepoint as Exclude<Timepoint, 'baseline'>;
    const [funnel, latestResponseAt] = await Promise.all([
      this.cohorts.funnelOf(caller, clinicWide, benchmarkTimepoint, 'success'),
      this.cohorts.latestResponseAt(filters),
    ]);
    await this.audit.record(caller, { action: 'export.report', entityType: 'cohort', detail: { ...filters, format: 'pdf' } });
    const printedAt = this.clock.now();
    const pdf = await renderOutcomesReport({
      clinicName: this.config.clinicName,
      printedAt,
      timezone: this.config.clinicTimezone,
      role: caller.role,
      cohortLabel,
      latestResponseAt,
      filterLines: filterLines(filters),
      summary,
      funnel,
      highlightSurgeonId: surgeonId ?? null,
    });
    const date = DateTime.fromJSDate(printedAt, { zone: this.config.clinicTimezone }).toISODate();
    return { filename: `stride-outcomes-report-${date}.pdf`, pdf };
  }

  /** The surgeon named as this caller may see them (an admin by name, a researcher by pseudonym), or the clinic. */
  private async cohortLabel(caller: Caller, filters: CohortFilters): Promise<string> {
    if (!filters.surgeonId) return 'Whole clinic (every surgeon)';
    const surgeon = (await this.cohorts.surgeonOptions(caller)).find((option) => option.id === filters.surgeonId);
    if (!surgeon) throw new ValidationFailedError([{ field: 'surgeonId', message: 'surgeonId must be the id of a surgeon' }]);
    return surgeon.label;
  }
}

function filterLines(filters: CohortFilters): string[] {
  const dates =
    filters.surgeryFrom && filters.surgeryTo
      ? `${filters.surgeryFrom} to ${filters.surgeryTo}`
      : filters.surgeryFrom
        ? `from ${filters.surgeryFrom}`
        : filters.surgeryTo
          ? `up to ${filters.surgeryTo}`
          : 'any';
  return [
    `procedure: ${filters.procedure ? PROCEDURE_NAMES[filters.procedure] : 'any'}`,
    `surgery dates: ${dates}`,
    `age at surgery: ${filters.ageBand ?? 'any'}`,
  ];
}
