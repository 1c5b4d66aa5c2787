import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { Router } from '@angular/router';
import { AGE_BANDS, PROCEDURES, SurgeonOption } from '@stride/contracts';
import { CohortFilters } from '../data-access/cohorts.service';
import { AGE_BAND_LABELS, PROCEDURE_LABELS } from '../shared/labels';
import { AuthService } from '../core/auth/auth.service';

type FilterName = keyof CohortFilters;

/**
 * The cohort filters. They live in the URL (query parameters), so a filtered view can be bookmarked,
 * shared and printed; this bar only rewrites the URL and the page reloads its data from it.
 * Extra selectors (the funnel's time point and measure) are projected in front.
 */
@Component({
  selector: 'stride-cohort-filters',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem 1rem;
      align-items: flex-start;
    }
    .field {
      min-width: 11rem;
      flex: 1 1 11rem;
      max-width: 16rem;
    }
    .dates {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      flex: 2 1 20rem;
      max-width: 24rem;
      min-width: 0;
    }
    /* On a phone the two dates stack rather than push past the card's edge. */
    .dates .field {
      flex: 1 1 9rem;
      min-width: 0;
    }
    .dates input,
    .dates select {
      width: 100%;
      min-width: 0;
    }
    .actions {
      align-self: flex-end;
      display: flex;
      align-items: center;
      gap: 0.75rem;
      min-height: 2.5rem;
    }
  `,
  template: `
    <div class="card filters no-print" role="group" aria-label="Cohort filters">
      <ng-content />
      @if (showSurgeon() && surgeons().length > 0) {
        <div class="field">
          <label for="filter-surgeon">Surgeon</label>
          <select id="filter-surgeon" (change)="set('surgeonId', $event)">
            <option value="">All surgeons</option>
            @for (s of surgeons(); track s.id) {
              <option [value]="s.id" [selected]="s.id === filters().surgeonId">{{ s.label }}</option>
            }
          </select>
        </div>
      }
      <div class="field">
        <label for="filter-procedure">Procedure</label>
        <select id="filter-procedure" (change)="set('procedure', $event)">
          <option value="">All procedures</option>
          @for (p of procedures; track p) {
            <option [value]="p" [selected]="p === filters().procedure">{{ procedureLabels[p] }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="filter-age">Age at surgery</label>
        <select id="filter-age" (change)="set('ageBand', $event)">
          <option value="">All ages</option>
          @for (band of ageBands; track band) {
            <option [value]="band" [selected]="band === filters().ageBand">{{ ageBandLabels[band] }}</option>
          }
        </select>
      </div>
      @if (wholeYears) {
        <!-- Researchers filter by whole years: narrower ranges would reveal surgery dates. -->
        <div class="dates" role="group" aria-labelledby="filter-years-label">
          <span id="filter-years-label" class="visually-hidden">Surgery years</span>
          <div class="field">
            <label for="filter-from-year">Surgery from year</label>
            <select id="filter-from-year" (change)="setYear('surgeryFrom', $event)">
              <option value="">Any</option>
              @for (y of years; track y) {
                <option [value]="y" [selected]="filters().surgeryFrom === y + '-01-01'">{{ y }}</option>
              }
            </select>
          </div>
          <div class="field">
            <label for="filter-to-year">Surgery to year</label>
            <select id="filter-to-year" (change)="setYear('surgeryTo', $event)">
              <option value="">Any</option>
              @for (y of years; track y) {
                <option [value]="y" [selected]="filters().surgeryTo === y + '-12-31'">{{ y }}</option>
              }
            </select>
          </div>
        </div>
      } @else {
      <div class="dates" role="group" aria-labelledby="filter-dates-label">
        <span id="filter-dates-label" class="visually-hidden">Surgery date range</span>
        <div class="field">
          <label for="filter-from">Surgery from</label>
          <input id="filter-from" type="date" [value]="filters().surgeryFrom ?? ''" [max]="filters().surgeryTo ?? ''"
            (change)="set('surgeryFrom', $event)" [attr.aria-invalid]="rangeError() ? 'true' : null"
            aria-describedby="filter-dates-error" />
        </div>
        <div class="field">
          <label for="filter-to">Surgery to</label>
          <input id="filter-to" type="date" [value]="filters().surgeryTo ?? ''" [min]="filters().surgeryFrom ?? ''"
            (change)="set('surgeryTo', $event)" [attr.aria-invalid]="rangeError() ? 'true' : null"
            aria-describedby="filter-dates-error" />
        </div>
      </div>
      }
      <div class="actions">
        @if (active()) {
          <button class="btn btn-secondary btn-small" type="button" (click)="clear()">Clear filters</button>
        }
        @if (loading()) {
          <span class="muted small" role="status">Updating…</span>
        }
      </div>
      @if (rangeError()) {
        <p class="field-error" id="filter-dates-error" role="alert">“Surgery from” is after “Surgery to”: no surgery can match.</p>
      }
    </div>
  `,
})
export class CohortFiltersComponent {
  private readonly router = inject(Router);
  /** The API accepts only whole calendar years from researchers. */
  protected readonly wholeYears = inject(AuthService).role() === 'researcher';
  protected readonly years = Array.from({ length: 12 }, (_, i) => new Date().getFullYear() + 1 - i);

  readonly filters = input.required<CohortFilters>();
  readonly surgeons = input<SurgeonOption[]>([]);
  readonly showSurgeon = input(false);
  readonly loading = input(false);

  protected readonly procedures = PROCEDURES;
  protected readonly procedureLabels = PROCEDURE_LABELS;
  protected readonly ageBands = AGE_BANDS;
  protected readonly ageBandLabels = AGE_BAND_LABELS;

  protected readonly active = computed(() => Object.values(this.filters()).some((v) => !!v));
  protected readonly rangeError = computed(() => {
    const { surgeryFrom, surgeryTo } = this.filters();
    return !!surgeryFrom && !!surgeryTo && surgeryFrom > surgeryTo;
  });

  protected set(name: FilterName, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    void this.router.navigate([], { queryParams: { [name]: value || null }, queryParamsHandling: 'merge' });
  }

  protected setYear(name: 'surgeryFrom' | 'surgeryTo', event: Event): void {
    const year = (event.target as HTMLSelectElement).value;
    const value = year ? (name === 'surgeryFrom' ? `${year}-01-01` : `${year}-12-31`) : null;
    void this.router.navigate([], { queryParams: { [name]: value }, queryParamsHandling: 'merge' });
  }

  protected clear(): void {
    const none = { surgeonId: null, procedure: null, ageBand: null, surgeryFrom: null, surgeryTo: null };
    void this.router.navigate([], { queryParams: none, queryParamsHandling: 'merge' });
  }
}
