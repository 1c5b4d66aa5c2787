import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { AgeBand, FunnelView, Procedure } from '@stride/contracts';
import { catchError, filter, of, switchMap, tap } from 'rxjs';
import { parseApiError } from '../core/http/api-error';
import { CohortFilters, CohortsService, FunnelMeasure, FunnelTimepoint } from '../data-access/cohorts.service';
import { SettingsService } from '../data-access/settings.service';
import { TIMEPOINT_LABELS, percent } from '../shared/labels';
import { CaseMixComponent } from './case-mix.component';
import { CohortFiltersComponent } from './cohort-filters.component';
import { describeFilters } from './cohort-scope';
import { DashboardTabsComponent } from './dashboard-tabs.component';
import { FunnelChartComponent } from './funnel-chart.component';
import { FunnelTableComponent } from './funnel-table.component';
import { definitionLabel } from './timepoint-card.component';

const MEASURES: readonly { value: FunnelMeasure; label: string }[] = [
  { value: 'success', label: 'Success' },
  { value: 'satisfaction', label: 'Satisfaction' },
];

/** Every surgeon against the benchmark, with control limits: who differs from it by more than chance. */
@Component({
  selector: 'stride-funnel',
  imports: [DecimalPipe, CaseMixComponent, CohortFiltersComponent, DashboardTabsComponent, FunnelChartComponent, FunnelTableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    figure {
      margin: 0;
    }
    figcaption {
      margin-top: 0.75rem;
      font-size: 0.925rem;
    }
    figcaption p {
      margin: 0 0 0.35rem;
    }
    .field {
      min-width: 10rem;
      flex: 1 1 10rem;
      max-width: 14rem;
    }
  `,
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Cohort dashboard</h1>
        <button class="btn btn-secondary no-print" type="button" (click)="print()">Print report</button>
      </div>
      <stride-dashboard-tabs />

      <stride-cohort-filters [filters]="filters()" [loading]="loading()">
        <div class="field">
          <label for="funnel-timepoint">Time point</label>
          <select id="funnel-timepoint" (change)="choose('timepoint', $event)">
            @for (tp of timepoints(); track tp) {
              <option [value]="tp" [selected]="tp === chosenTimepoint()">{{ timepointLabels[tp] }}{{ tp === benchmarkTimepoint() ? ' (benchmark)' : '' }}</option>
            }
          </select>
        </div>
        <div class="field">
          <label for="funnel-measure">Measure</label>
          <select id="funnel-measure" (change)="choose('measure', $event)">
            @for (m of measures; track m.value) {
              <option [value]="m.value" [selected]="m.value === chosenMeasure()">{{ m.label }}</option>
            }
          </select>
        </div>
      </stride-cohort-filters>

      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }

      @if (funnel(); as f) {
        <section class="card" aria-labelledby="funnel-heading">
          <h2 id="funnel-heading">{{ measureLabel() }} by surgeon · {{ timepointLabels[f.timepoint] }}</h2>
          <figure>
            <stride-funnel-chart [funnel]="f" [measureLabel]="measureLabel()" />
            <figcaption>
              <p>
                <strong>{{ definition() }}</strong> at <strong>{{ timepointLabels[f.timepoint] }}</strong>{{ f.timepoint === benchmarkTimepoint() ? '' : ' (for tracking: the benchmark is compared at ' + timepointLabels[benchmarkTimepoint() ?? f.timepoint].toLowerCase() + ')' }}
                · benchmark p0 = <strong>{{ pct(f.p0) }}</strong> · <strong>{{ methodLabel() }}</strong>
                @if (f.phi !== null) {
                  · overdispersion φ = <strong>{{ f.phi | number: '1.2-2' }}</strong>
                }
                · k = <strong>{{ f.k }}</strong> {{ f.k === 1 ? 'surgeon' : 'surgeons' }} with evaluable cases · {{ casesShown() }} cases plotted · {{ scope() }}.
              </p>
              @if (f.suppressed) {
                <p>
                  <strong>{{ f.suppressed }} {{ f.suppressed === 1 ? 'surgeon' : 'surgeons' }} with fewer than 10 cases {{ f.suppressed === 1 ? 'is' : 'are' }} not shown</strong>
                  (k counts every surgeon with evaluable cases, shown or not).
                </p>
              }
              @if (f.phi !== null && f.phi > 4) {
                <p class="alert alert-info small">
                  φ this large means the surgeons as a group sit further from the benchmark than chance allows (for
                  instance at an early time point the benchmark does not describe), so the widened limits are wide.
                  Compare the rates with the benchmark on the outcomes page as well.
                </p>
              }
              <p>
                Each point is one surgeon: their {{ measureLabel().toLowerCase() }} rate (x/n) against n, their evaluable cases.
                @if (f.method === 'additive-random-effects') {
                  The surgeons vary more than chance allows, so the limits add that spread: p0 ± z·√(p0(1−p0)/n + τ²),
                  dashed 95% (z = 1.96), solid 99.8% (z = 3.09).
                } @else {
                  Control limits are exact binomial around p0 (Spiegelhalter 2005): dashed 95%, solid 99.8%.
                  {{ f.phi === null ? 'Overdispersion is estimated only with 10 or more surgeons.' : 'The surgeons vary no more than chance allows.' }}
                }
                <strong>A surgeon is flagged only below the 99.8% limit</strong> (shaded); about 1 in 20 surgeons falls
                outside 95% by chance alone.
              </p>
              @if (f.points.length > 6) {
                <p class="small">Points are named where there is room; the table below lists every surgeon shown.</p>
              }
              <p class="muted small">{{ f.definition.description }}</p>
            </figcaption>
          </figure>
          <stride-funnel-table [funnel]="f" [measureLabel]="measureLabel()" />
        </section>
      } @else if (loading()) {
        <p class="muted">Loading the funnel plot…</p>
      }

      @if (chosenTimepoint(); as tp) {
        <stride-case-mix [filters]="filters()" [timepoint]="tp" [benchmark]="benchmarkTimepoint()" />
      }
    </div>
  `,
})
export class FunnelComponent {
  private readonly cohorts = inject(CohortsService);
  private readonly router = inject(Router);
  /** The follow-ups the clinic has configured, and the one the benchmark is compared at. */
  private readonly settings = toSignal(inject(SettingsService).get());

  /** Query parameters: the view is bookmarkable. The funnel always shows every surgeon. */
  readonly timepoint = input<FunnelTimepoint>();
  readonly measure = input<FunnelMeasure>();
  readonly procedure = input<Procedure>();
  readonly ageBand = input<AgeBand>();
  readonly surgeryFrom = input<string>();
  readonly surgeryTo = input<string>();

  protected readonly timepoints = computed<readonly FunnelTimepoint[]>(() => this.settings()?.followUpTimepoints ?? []);
  protected readonly benchmarkTimepoint = computed(() => this.settings()?.benchmarkTimepoint);
  protected readonly measures = MEASURES;
  protected readonly timepointLabels = TIMEPOINT_LABELS;
  protected readonly funnel = signal<FunnelView | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  /** Undefined until the settings say which follow-up the benchmark is compared at. */
  protected readonly chosenTimepoint = computed<FunnelTimepoint | undefined>(() => this.timepoint() ?? this.benchmarkTimepoint());
  protected readonly chosenMeasure = computed<FunnelMeasure>(() => this.measure() ?? 'success');
  protected readonly filters = computed<CohortFilters>(() => ({
    procedure: this.procedure(),
    ageBand: this.ageBand(),
    surgeryFrom: this.surgeryFrom(),
    surgeryTo: this.surgeryTo(),
  }));
  protected readonly measureLabel = computed(() => (this.funnel()?.measure === 'satisfaction' ? 'Satisfaction' : 'Success'));
  protected readonly definition = computed(() => {
    const f = this.funnel();
    return f ? definitionLabel(f.definition) : '';
  });
  protected readonly casesShown = computed(() => (this.funnel()?.points ?? []).reduce((sum, p) => sum + p.n, 0));
  protected readonly methodLabel = computed(() => {
    const f = this.funnel();
    if (f?.method !== 'additive-random-effects') return 'exact binomial limits';
    // tau2 is a variance of proportions, often 0.00x: two significant figures say what matters.
    return `random-effects limits, τ² = ${Number(f.tau2.toPrecision(2))}`;
  });
  protected readonly scope = computed(() => describeFilters(this.filters()));

  constructor() {
    const request = computed(() => ({ filters: this.filters(), timepoint: this.chosenTimepoint(), measure: this.chosenMeasure() }));
    toObservable(request)
      .pipe(
        filter((r): r is typeof r & { timepoint: FunnelTimepoint } => r.timepoint !== undefined),
        tap(() => this.loading.set(true)),
        switchMap((r) =>
          this.cohorts.funnel(r.filters, r.timepoint, r.measure).pipe(catchError((err: unknown) => of(parseApiError(err)))),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((outcome) => {
        if ('points' in outcome) {
          this.funnel.set(outcome);
          this.error.set(null);
        } else {
          this.error.set(outcome.message);
        }
        this.loading.set(false);
      });
  }

  protected choose(name: 'timepoint' | 'measure', event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    void this.router.navigate([], { queryParams: { [name]: value }, queryParamsHandling: 'merge' });
  }

  protected pct(value: number): string {
    return percent(value);
  }

  protected print(): void {
    window.print();
  }
}
