import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { INVITATION_STATUSES, InvitationStatus, Page, PatientListQuery, PatientSummaryView, SurgeonOption, Timepoint } from '@stride/contracts';
import { Subject, catchError, debounceTime, distinctUntilChanged, of, switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { parseApiError } from '../core/http/api-error';
import { PatientsService } from '../data-access/patients.service';
import { SettingsService } from '../data-access/settings.service';
import { CalendarDayPipe } from '../shared/calendar-day.pipe';
import { StatusChipComponent } from '../shared/status-chip.component';
import { CohortsService } from '../data-access/cohorts.service';
import { PatientFilterName, PatientFiltersComponent } from './patient-filters.component';

/** The follow-up board: who is enrolled and where each patient stands at every time point. */
@Component({
  selector: 'stride-patient-list',
  imports: [RouterLink, CalendarDayPipe, StatusChipComponent, PatientFiltersComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .search {
      max-width: 22rem;
      width: 100%;
    }
    .chips {
      display: flex;
      gap: 0.25rem;
      flex-wrap: wrap;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      margin-top: 1rem;
      align-items: center;
    }
    .pager {
      display: flex;
      justify-content: space-between;
      align-items: center;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin-top: 1rem;
    }
    .name {
      font-weight: 600;
    }
  `,
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Patients</h1>
        @if (isAdmin()) {
          <a class="btn" routerLink="/enroll">Enroll a patient</a>
        }
      </div>
      <div class="card">
        <div class="field search" role="search">
          <label for="patient-search">Search by name or MRN</label>
          <input id="patient-search" type="search" [value]="searchText()" (input)="onSearch($event)" autocomplete="off" />
        </div>
        <stride-patient-filters [query]="query()" [surgeons]="surgeons()" [timepoints]="timepoints()" (changed)="setFilter($event.name, $event.value)"
          (clearDashboard)="clearDashboard()" />
      </div>

      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }

      <div class="card" [attr.aria-busy]="loading()">
        @if (result(); as data) {
          @if (data.items.length === 0) {
            <p class="muted">{{ filtered() ? 'No patients match these filters.' : 'No patients enrolled yet.' }}</p>
          } @else {
            <div class="table-wrap">
              <table class="data">
                <caption class="visually-hidden">Patients and the follow-up status of each time point</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">MRN</th>
                    <th scope="col">Surgeon</th>
                    <th scope="col">Surgery date</th>
                    <th scope="col">Follow-up</th>
                  </tr>
                </thead>
                <tbody>
                  @for (p of data.items; track p.id) {
                    <tr>
                      <td>
                        <a class="name" [routerLink]="['/patients', p.id]">{{ p.familyName }}, {{ p.givenName }}</a>
                      </td>
                      <td>{{ p.mrn }}</td>
                      <td>{{ p.surgeonName }}</td>
                      <td>{{ p.surgeryDate ? (p.surgeryDate | calendarDay) : '–' }}</td>
                      <td>
                        <div class="chips">
                          @for (tp of timepoints(); track tp) {
                            <stride-status-chip [timepoint]="tp" [status]="statusOf(p, tp)" />
                          }
                        </div>
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
            <nav class="pager" aria-label="Pages">
              <span class="muted small" aria-live="polite">
                Showing {{ firstRow() }}–{{ lastRow() }} of {{ data.total }}
              </span>
              <span class="row">
                <button class="btn btn-secondary btn-small" type="button" [disabled]="pageNumber() <= 1" (click)="goTo(pageNumber() - 1)">
                  Previous
                </button>
                <span class="small">Page {{ pageNumber() }} of {{ pageCount() }}</span>
                <button class="btn btn-secondary btn-small" type="button" [disabled]="pageNumber() >= pageCount()" (click)="goTo(pageNumber() + 1)">
                  Next
                </button>
              </span>
            </nav>
          }
        } @else if (loading()) {
          <p class="muted">Loading patients…</p>
        }
        <div class="legend small" aria-label="Legend">
          <span class="muted">Legend:</span>
          @for (s of legend; track s) {
            <stride-status-chip [status]="s" />
          }
        </div>
      </div>
    </div>
  `,
})
export class PatientListComponent {
  private readonly patients = inject(PatientsService);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);

  /** Query parameters: the URL holds the search so Back returns to the same list. */
  readonly search = input<string | undefined>();
  readonly page = input<string>();
  readonly surgeonId = input<string>();
  readonly patientStatus = input<PatientListQuery['patientStatus']>();
  readonly timepoint = input<PatientListQuery['timepoint']>();
  readonly status = input<PatientListQuery['status']>();
  readonly outcome = input<PatientListQuery['outcome']>();
  readonly procedure = input<PatientListQuery['procedure']>();
  readonly surgeryFrom = input<string>();
  readonly surgeryTo = input<string>();
  readonly ageBand = input<PatientListQuery['ageBand']>();
  readonly sort = input<PatientListQuery['sort']>();

  /** The whole list query, from the URL. The API validates it; a bad hand-typed value shows its error. */
  protected readonly query = computed<PatientListQuery>(() => ({
    search: this.searchText() || undefined,
    page: this.pageNumber(),
    surgeonId: this.surgeonId(),
    patientStatus: this.patientStatus(),
    timepoint: this.timepoint(),
    status: this.status(),
    outcome: this.outcome(),
    procedure: this.procedure(),
    surgeryFrom: this.surgeryFrom(),
    surgeryTo: this.surgeryTo(),
    ageBand: this.ageBand(),
    sort: this.sort(),
  }));
  protected readonly filtered = computed(() => Object.entries(this.query()).some(([k, v]) => k !== 'page' && k !== 'sort' && v));
  protected readonly surgeons = signal<SurgeonOption[]>([]);

  /** Baseline and the clinic's configured follow-ups (FOLLOW_UP_TIMEPOINTS). */
  private readonly settings = toSignal(inject(SettingsService).get());
  protected readonly timepoints = computed<Timepoint[]>(() => ['baseline', ...(this.settings()?.followUpTimepoints ?? [])]);
  protected readonly legend = INVITATION_STATUSES.filter((s) => s !== 'claimed');
  protected readonly isAdmin = computed(() => this.auth.role() === 'admin');
  protected readonly result = signal<Page<PatientSummaryView> | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  protected readonly searchText = computed(() => (this.search() ?? '').trim());
  protected readonly pageNumber = computed(() => Math.max(1, Number(this.page()) || 1));
  protected readonly pageCount = computed(() => {
    const data = this.result();
    return data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  });
  protected readonly firstRow = computed(() => {
    const data = this.result();
    return data && data.total > 0 ? (data.page - 1) * data.pageSize + 1 : 0;
  });
  protected readonly lastRow = computed(() => {
    const data = this.result();
    return data ? (data.page - 1) * data.pageSize + data.items.length : 0;
  });

  private readonly searchInput = new Subject<string>();

  constructor() {
    if (this.isAdmin()) {
      inject(CohortsService).surgeons().pipe(takeUntilDestroyed()).subscribe({ next: (list) => this.surgeons.set(list), error: () => undefined });
    }
    toObservable(this.query)
      .pipe(
        tap(() => this.loading.set(true)),
        // Errors are caught per request so one failure does not end the stream of searches.
        switchMap((q) => this.patients.list(q).pipe(catchError((err: unknown) => of(parseApiError(err))))),
        takeUntilDestroyed(),
      )
      .subscribe((outcome) => {
        if ('items' in outcome) {
          this.result.set(outcome);
          this.error.set(null);
        } else {
          this.error.set(outcome.message);
        }
        this.loading.set(false);
      });

    this.searchInput
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed())
      .subscribe((search) =>
        void this.router.navigate([], {
          queryParams: { search: search || null, page: null },
          queryParamsHandling: 'merge',
          replaceUrl: true,
        }),
      );
  }

  protected onSearch(event: Event): void {
    this.searchInput.next((event.target as HTMLInputElement).value.trim());
  }

  protected setFilter(name: PatientFilterName, value: string | null): void {
    void this.router.navigate([], { queryParams: { [name]: value, page: null }, queryParamsHandling: 'merge' });
  }

  /** Leaves a dashboard link's view: its outcome and cohort filters go, the rest stays. */
  protected clearDashboard(): void {
    const cleared = { outcome: null, procedure: null, surgeryFrom: null, surgeryTo: null, ageBand: null, timepoint: null, page: null };
    void this.router.navigate([], { queryParams: cleared, queryParamsHandling: 'merge' });
  }

  protected goTo(page: number): void {
    void this.router.navigate([], { queryParams: { page: page > 1 ? page : null }, queryParamsHandling: 'merge' });
  }

  protected statusOf(patient: PatientSummaryView, timepoint: Timepoint): InvitationStatus | null {
    return patient.followUp.find((f) => f.timepoint === timepoint)?.status ?? null;
  }
}
