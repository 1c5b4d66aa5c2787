import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { AgeBand, CohortSummary, Procedure, SurgeonOption } from '@stride/contracts';
import { catchError, of, switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { parseApiError } from '../core/http/api-error';
import { CohortFilters, CohortsService } from '../data-access/cohorts.service';
import { ReportsService } from '../data-access/reports.service';
import { saveBlobResponse } from '../shared/download';
import { percent } from '../shared/labels';
import { CohortFiltersComponent } from './cohort-filters.component';
import { describeFilters } from './cohort-scope';
import { DashboardTabsComponent } from './dashboard-tabs.component';
import { LegPainChartComponent } from './leg-pain-chart.component';
import { TimepointCardComponent, definitionLabel } from './timepoint-card.component';
import { WalkingChartComponent } from './walking-chart.component';

/**
 * The cohort against the published benchmarks. The benchmark time point leads, with what the
 * one-sided test says in a sentence and the benchmark's source; earlier time points follow as
 * "for tracking", without a benchmark line; then the trajectories.
 */
@Component({
  selector: 'stride-dashboard',
  imports: [CohortFiltersComponent, DashboardTabsComponent, TimepointCardComponent, LegPainChartComponent, WalkingChartComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(21rem, 1fr));
      gap: 0 1.25rem;
      align-items: start;
    }
    .key {
      font-size: 0.9rem;
    }
    .lead {
      max-width: 48rem;
    }
    .source {
      margin: 0.5rem 0 0.25rem;
      font-size: 0.9rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .section-title {
      margin: 1.5rem 0 0.25rem;
      font-size: 1.1rem;
    }
    .key ul {
      margin: 0.25rem 0 0;
      padding-left: 1.2rem;
    }
    .trajectories {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(26rem, 100%), 1fr));
      gap: 1.5rem 2rem;
    }
    .trajectories h3 {
      margin-bottom: 0.5rem;
    }
  `,
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Cohort dashboard</h1>
        <div class="actions no-print">
          <button class="btn" type="button" [disabled]="downloading()" (click)="downloadPdf()"
            title="A 2-3 page PDF of this cohort, with the filters below">{{ downloading() ? 'Preparing PDF…' : 'Download PDF' }}</button>
          <button class="btn btn-secondary" type="button" (click)="print()">Print page</button>
        </div>
      </div>
      <stride-dashboard-tabs />
      <stride-cohort-filters [filters]="filters()" [surgeons]="surgeons()" [showSurgeon]="pickSurgeon" [loading]="loading()" />

      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }

      @if (summary(); as data) {
        @if (lead(); as tp) {
          <section class="lead" aria-labelledby="lead-heading">
            <h2 id="lead-heading" class="visually-hidden">The benchmark time point</h2>
            <p class="source">
              <strong>Benchmarks: success {{ pct(data.benchmarks.success) }}, satisfaction {{ pct(data.benchmarks.satisfaction) }}.</strong>
              Source: {{ data.benchmarkSource }}
            </p>
            <stride-timepoint-card [summary]="tp" [benchmarks]="data.benchmarks" [definitions]="data.definitions" kind="benchmark"
              [patientQuery]="patientQuery()"
              [worklistLink]="chasesResponses" />
          </section>
        }
        <div class="card key">
          <p>
            <strong>{{ scope() }}.</strong>
            Success is judged by <strong>{{ successDefinition() }}</strong>: {{ data.definitions.success.description }}
            Satisfaction by <strong>{{ satisfiedDefinition() }}</strong>: {{ data.definitions.satisfied.description }}
          </p>
          <ul>
            <li>Bar: observed rate. Whisker: Wilson 95% CI. Pale band: bounds if every non-responder failed or succeeded.</li>
            <li>Rates are shown from 20 evaluable patients; below that a time point reads “insufficient data”.</li>
          </ul>
        </div>
        <section aria-labelledby="tracking-heading">
          <h2 id="tracking-heading" class="section-title">Early recovery, for tracking</h2>
          <p class="muted small">
            The published figures refer to longer follow-up, so these time points are not compared with the benchmarks.
          </p>
          <div class="cards">
            @for (tp of tracking(); track tp.timepoint) {
              <stride-timepoint-card class="tracking" [summary]="tp" [benchmarks]="data.benchmarks" [definitions]="data.definitions"
                [kind]="tp.timepoint === 'baseline' ? 'reference' : 'tracking'" [patientQuery]="patientQuery()" [worklistLink]="chasesResponses" />
            }
          </div>
        </section>
        <section class="card" aria-labelledby="trajectories-heading">
          <h2 id="trajectories-heading">Trajectories</h2>
          <p class="muted small">{{ scope() }}.</p>
          <div class="trajectories">
            <div>
              <h3>Leg pain</h3>
              <stride-leg-pain-chart [timepoints]="data.timepoints" />
            </div>
            <div>
              <h3>Walking distance</h3>
              <stride-walking-chart [timepoints]="data.timepoints" />
            </div>
          </div>
        </section>
      } @else if (loading()) {
        <p class="muted">Loading the cohort…</p>
      }
    </div>
  `,
})
export class DashboardComponent {
  private readonly cohorts = inject(CohortsService);
  private readonly auth = inject(AuthService);
  private readonly reports = inject(ReportsService);

  /** Query parameters, so a filtered view can be bookmarked and printed. */
  readonly surgeonId = input<string>();
  readonly procedure = input<Procedure>();
  readonly ageBand = input<AgeBand>();
  readonly surgeryFrom = input<string>();
  readonly surgeryTo = input<string>();

  /** Surgeons see their own cohort; the surgeon picker is for admins and researchers. */
  protected readonly pickSurgeon = this.auth.hasRole('admin', 'researcher');
  protected readonly chasesResponses = this.auth.hasRole('admin', 'surgeon');
  protected readonly surgeons = signal<SurgeonOption[]>([]);
  protected readonly summary = signal<CohortSummary | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly downloading = signal(false);

  protected readonly filters = computed<CohortFilters>(() => ({
    surgeonId: this.surgeonId(),
    procedure: this.procedure(),
    ageBand: this.ageBand(),
    surgeryFrom: this.surgeryFrom(),
    surgeryTo: this.surgeryTo(),
  }));
  /** Staff may open the patients behind a figure (a surgeon only their own: the API scopes the list). */
  protected readonly patientQuery = computed<Record<string, string> | null>(() => {
    if (!this.auth.hasRole('admin', 'surgeon')) return null;
    const { surgeonId, ...cohort } = this.filters();
    const query = this.auth.hasRole('admin') ? { surgeonId, ...cohort } : cohort;
    return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  });
  /** The benchmark time point leads; the others follow, visibly secondary, earliest first. */
  protected readonly lead = computed(() => {
    const s = this.summary();
    return s?.timepoints.find((tp) => tp.timepoint === s.benchmarkTimepoint) ?? null;
  });
  protected readonly tracking = computed(() => {
    const s = this.summary();
    return s ? s.timepoints.filter((tp) => tp.timepoint !== s.benchmarkTimepoint) : [];
  });
  protected readonly successDefinition = computed(() => {
    const s = this.summary();
    return s ? definitionLabel(s.definitions.success) : '';
  });
  protected readonly satisfiedDefinition = computed(() => {
    const s = this.summary();
    return s ? definitionLabel(s.definitions.satisfied) : '';
  });
  protected readonly scope = computed(() => {
    const surgeon = this.surgeons().find((s) => s.id === this.surgeonId());
    const who = surgeon
      ? surgeon.label
      : this.auth.role() === 'surgeon'
        ? `Your patients (${this.auth.user()?.name ?? ''})`
        : 'All surgeons';
    return `${who} · ${describeFilters(this.filters())}`;
  });

  constructor() {
    if (this.pickSurgeon) {
      this.cohorts
        .surgeons()
        .pipe(takeUntilDestroyed())
        .subscribe({ next: (options) => this.surgeons.set(options), error: () => this.surgeons.set([]) });
    }

    toObservable(this.filters)
      .pipe(
        tap(() => this.loading.set(true)),
        switchMap((f) => this.cohorts.summary(f).pipe(catchError((err: unknown) => of(parseApiError(err))))),
        takeUntilDestroyed(),
      )
      .subscribe((outcome) => {
        if ('timepoints' in outcome) {
          this.summary.set(outcome);
          this.error.set(null);
        } else {
          this.error.set(outcome.message);
        }
        this.loading.set(false);
      });
  }

  protected pct(value: number): string {
    return percent(value);
  }

  /** The server's PDF of the same cohort: the filters on screen, dated, with page numbers. */
  protected downloadPdf(): void {
    this.downloading.set(true);
    this.error.set(null);
    this.reports.outcomesPdf(this.filters()).subscribe({
      next: (response) => {
        saveBlobResponse(response, 'stride-outcomes-report.pdf');
        this.downloading.set(false);
      },
      error: (err: unknown) => {
        this.downloading.set(false);
        this.error.set(`The PDF could not be made: ${parseApiError(err).message}`);
      },
    });
  }

  protected print(): void {
    window.print();
  }
}
