import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { CaseMixView } from '@stride/contracts';
import { catchError, of, switchMap, tap } from 'rxjs';
import { parseApiError } from '../core/http/api-error';
import { CohortFilters, CohortsService, FunnelTimepoint } from '../data-access/cohorts.service';
import { TIMEPOINT_LABELS, percent } from '../shared/labels';
import { CaseMixTablesComponent } from './case-mix-tables.component';

/**
 * Case mix and risk-adjusted success (docs/design.md, "Case mix and risk adjustment"), below the
 * funnel: whom each surgeon operated on, and their successes against those expected for those
 * patients at the clinic's average results. What the adjustment leaves out is said beside it.
 */
@Component({
  selector: 'stride-case-mix',
  imports: [CaseMixTablesComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .explain p {
      margin: 0 0 0.5rem;
      font-size: 0.925rem;
    }
  `,
  template: `
    <section class="card" aria-labelledby="case-mix-heading">
      <h2 id="case-mix-heading">Case mix and risk-adjusted success · {{ timepointLabel() }}</h2>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
      @if (view(); as v) {
        <div class="explain">
          <p>
            Surgeons' raw success rates differ largely because their patients differ. Here each surgeon's
            successes (O) are set against the successes expected (E) for their own patients at this clinic's
            average results, from a logistic model of success fitted on the clinic's {{ v.model.n }} evaluable cases
            at {{ timepointLabel().toLowerCase() }} (indirect standardisation).{{ v.timepoint === benchmark() ? '' : ' Other time points are for tracking.' }}
          </p>
          @if (v.model.status === 'fitted') {
            <p>
              <strong>O/E = 1</strong> means as many successes as expected for those patients; above 1, more. The
              95% interval (exact Poisson for O, divided by E) shows the play of chance: an interval that includes 1
              is no evidence of a difference. The <strong>adjusted rate</strong> is O/E × the clinic's rate
              ({{ pct(v.model.clinicRate) }}).
            </p>
          } @else {
            <p class="alert alert-info" role="status"><strong>Risk adjustment: insufficient data</strong>: {{ v.model.reason }}.</p>
          }
          <p class="muted">
            <strong>Limits:</strong> adjusted for baseline leg pain, walking distance, age band and procedure only;
            other differences between patients remain (back pain, other illnesses, imaging, who is offered surgery),
            and the interval leaves out the model's own uncertainty. The comparison is with this clinic's average,
            not with the published benchmark.
          </p>
          @if (v.suppressed) {
            <p>
              <strong>{{ v.suppressed }} {{ v.suppressed === 1 ? 'surgeon' : 'surgeons' }} with fewer than 10 cases
                {{ v.suppressed === 1 ? 'is' : 'are' }} not shown</strong> (the model includes their cases).
            </p>
          }
        </div>
        <stride-case-mix-tables [view]="v" />
      } @else if (loading()) {
        <p class="muted">Loading the case mix…</p>
      }
    </section>
  `,
})
export class CaseMixComponent {
  private readonly cohorts = inject(CohortsService);

  readonly filters = input.required<CohortFilters>();
  readonly timepoint = input.required<FunnelTimepoint>();
  /** The follow-up the benchmark is compared at (BENCHMARK_TIMEPOINT). */
  readonly benchmark = input<FunnelTimepoint>();

  protected readonly view = signal<CaseMixView | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly timepointLabel = computed(() => TIMEPOINT_LABELS[this.view()?.timepoint ?? this.timepoint()]);

  constructor() {
    const request = computed(() => ({ filters: this.filters(), timepoint: this.timepoint() }));
    toObservable(request)
      .pipe(
        tap(() => this.loading.set(true)),
        switchMap((r) => this.cohorts.caseMix(r.filters, r.timepoint).pipe(catchError((err: unknown) => of(parseApiError(err))))),
        takeUntilDestroyed(),
      )
      .subscribe((outcome) => {
        if ('surgeons' in outcome) {
          this.view.set(outcome);
          this.error.set(null);
        } else {
          this.error.set(outcome.message);
        }
        this.loading.set(false);
      });
  }

  protected pct(value: number | null): string {
    return percent(value, 1);
  }
}
