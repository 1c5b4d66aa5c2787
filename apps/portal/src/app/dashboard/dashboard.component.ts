import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { CohortSummary, PROCEDURES, Procedure, UserView } from '@stride/contracts';
import { catchError, of, switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { parseApiError } from '../core/http/api-error';
import { CohortsService } from '../data-access/cohorts.service';
import { UsersService } from '../data-access/users.service';
import { PROCEDURE_LABELS, percent } from '../shared/labels';
import { TimepointCardComponent, definitionLabel } from './timepoint-card.component';

/** The cohort against the published 85% success / 90% satisfaction, one card per time point. */
@Component({
  selector: 'stride-dashboard',
  imports: [TimepointCardComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      align-items: flex-end;
    }
    .filters .field {
      min-width: 14rem;
    }
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(21rem, 1fr));
      gap: 0 1.25rem;
      align-items: start;
    }
    .key {
      font-size: 0.9rem;
    }
    .key ul {
      margin: 0.25rem 0 0;
      padding-left: 1.2rem;
    }
  `,
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Cohort dashboard</h1>
        <button class="btn btn-secondary no-print" type="button" (click)="print()">Print report</button>
      </div>

      <div class="card filters no-print" role="group" aria-label="Filters">
        @if (surgeons().length > 0) {
          <div class="field">
            <label for="filter-surgeon">Surgeon</label>
            <select id="filter-surgeon" (change)="setFilter('surgeonId', $event)">
              <option value="">All surgeons</option>
              @for (s of surgeons(); track s.id) {
                <option [value]="s.id" [selected]="s.id === surgeonId()">{{ s.name }}</option>
              }
            </select>
          </div>
        }
        <div class="field">
          <label for="filter-procedure">Procedure</label>
          <select id="filter-procedure" (change)="setFilter('procedure', $event)">
            <option value="">All procedures</option>
            @for (p of procedures; track p) {
              <option [value]="p" [selected]="p === procedure()">{{ procedureLabels[p] }}</option>
            }
          </select>
        </div>
        @if (loading()) {
          <span class="muted small" role="status">Updating…</span>
        }
      </div>

      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }

      @if (summary(); as data) {
        <div class="card key">
          <p>
            <strong>{{ scope() }}.</strong>
            Success is judged by <strong>{{ successDefinition() }}</strong>: {{ data.definitions.success.description }}
            Satisfaction by <strong>{{ satisfiedDefinition() }}</strong>: {{ data.definitions.satisfied.description }}
          </p>
          <ul>
            <li>
              Benchmarks: success {{ pct(data.benchmarks.success) }}, satisfaction {{ pct(data.benchmarks.satisfaction) }}
              (red tick). The published figures refer to longer follow-up, so
              <strong>6 months is the benchmark time point</strong>; 2 weeks, 6 weeks and 3 months are shown for tracking.
            </li>
            <li>Bar: observed rate. Whisker: Wilson 95% CI. Pale band: bounds if every non-responder failed or succeeded.</li>
            <li>Rates are shown from 20 evaluable patients; below that a time point reads “insufficient data”.</li>
          </ul>
        </div>
        <div class="cards">
          @for (tp of data.timepoints; track tp.timepoint) {
            <stride-timepoint-card [summary]="tp" [benchmarks]="data.benchmarks" [definitions]="data.definitions" />
          }
        </div>
      } @else if (loading()) {
        <p class="muted">Loading the cohort…</p>
      }
    </div>
  `,
})
export class DashboardComponent {
  private readonly cohorts = inject(CohortsService);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);

  /** Query parameters, so a filtered view can be bookmarked and printed. */
  readonly surgeonId = input<string>();
  readonly procedure = input<Procedure>();

  protected readonly procedures = PROCEDURES;
  protected readonly procedureLabels = PROCEDURE_LABELS;
  protected readonly surgeons = signal<UserView[]>([]);
  protected readonly summary = signal<CohortSummary | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

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
    const procedure = this.procedure();
    const who = surgeon
      ? surgeon.name
      : this.auth.role() === 'surgeon'
        ? `Your patients (${this.auth.user()?.name ?? ''})`
        : 'All surgeons';
    return `${who} · ${procedure ? PROCEDURE_LABELS[procedure] : 'all procedures'}`;
  });

  constructor() {
    // Surgeons see their own cohort; the surgeon picker is for admins and researchers.
    // The user list is admin-only in the API: when it is refused, the picker simply stays hidden.
    if (this.auth.hasRole('admin', 'researcher')) {
      inject(UsersService)
        .list('surgeon')
        .pipe(takeUntilDestroyed())
        .subscribe({ next: (users) => this.surgeons.set(users), error: () => this.surgeons.set([]) });
    }

    const filters = computed(() => ({ surgeonId: this.surgeonId(), procedure: this.procedure() }));
    toObservable(filters)
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

  protected setFilter(name: 'surgeonId' | 'procedure', event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    void this.router.navigate([], { queryParams: { [name]: value || null }, queryParamsHandling: 'merge' });
  }

  protected pct(value: number): string {
    return percent(value);
  }

  protected print(): void {
    window.print();
  }
}
