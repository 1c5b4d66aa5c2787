import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuditEventView, Page, UserView } from '@stride/contracts';
import { parseApiError } from '../core/http/api-error';
import { AuditFilters, AuditService } from '../data-access/audit.service';
import { SettingsService } from '../data-access/settings.service';
import { UsersService } from '../data-access/users.service';
import { ClinicDatePipe } from '../shared/clinic-date.pipe';
import { zoneLabel } from '../shared/dates';

/** Suggestions only: the filter takes any action the log holds. */
const COMMON_ACTIONS = [
  'patient.read', 'patient.list', 'patient.create', 'patient.import', 'patient.status', 'export.outcomes', 'export.report',
  'auth.login', 'auth.login_failed', 'auth.login_throttled', 'access.denied', 'user.create', 'user.update', 'audit.read',
];

/** Admin: who did what and when, newest first, 50 to a page, by action and by person. */
@Component({
  selector: 'stride-audit-log',
  imports: [RouterLink, ClinicDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .explain {
      color: var(--muted);
      max-width: 52rem;
    }
    form.filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem 1rem;
      align-items: flex-end;
    }
    form.filters .field {
      margin: 0;
      min-width: 14rem;
    }
    .detail {
      font-family: ui-monospace, monospace;
      font-size: 0.8rem;
      overflow-wrap: anywhere;
      max-width: 28rem;
      color: var(--muted);
    }
    .nowrap {
      white-space: nowrap;
    }
    .pager {
      display: flex;
      gap: 0.75rem;
      align-items: center;
      margin-top: 0.75rem;
    }
  `,
  template: `
    <div class="page">
      <div class="page-header"><h1>Audit log</h1></div>
      <p class="explain">
        Every read and export of patient data, every change, sign-in and refused request, newest first. The log cannot be
        edited, and reading it is recorded too. Times are clinic time ({{ zone() }}).
      </p>
      <div class="card">
        <form class="filters" (submit)="$event.preventDefault(); apply(action.value, actor.value)">
          <label class="field">
            <span>Action</span>
            <input #action name="action" list="audit-actions" placeholder="e.g. patient.read" [value]="filters().action ?? ''" />
            <datalist id="audit-actions">
              @for (a of commonActions; track a) {
                <option [value]="a"></option>
              }
            </datalist>
          </label>
          <label class="field">
            <span>Person</span>
            <select #actor name="actor" [value]="filters().actor ?? ''">
              <option value="">Anyone</option>
              @for (user of users(); track user.id) {
                <option [value]="user.id">{{ user.name }} ({{ user.role }})</option>
              }
            </select>
          </label>
          <button class="btn" type="submit" [disabled]="loading()">Show</button>
          @if (filters().action || filters().actor) {
            <button class="btn btn-secondary" type="button" (click)="apply('', '')">Clear</button>
          }
        </form>
      </div>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
      @if (page(); as p) {
        <section class="card" aria-labelledby="audit-heading">
          <h2 id="audit-heading">{{ p.total }} {{ p.total === 1 ? 'entry' : 'entries' }}</h2>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">About</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                @for (event of p.items; track event.id) {
                  <tr>
                    <td class="nowrap">{{ event.at | clinicDate: timeZone() : 'dateTime' }}</td>
                    <td>{{ event.actorName ?? 'Not signed in' }} @if (event.actorRole) {<span class="muted small">({{ event.actorRole }})</span>}</td>
                    <td class="nowrap"><code>{{ event.action }}</code></td>
                    <td class="nowrap">
                      @if (event.entityType === 'patient' && event.entityId) {
                        <a [routerLink]="['/patients', event.entityId]">patient</a>
                      } @else {
                        {{ event.entityType }}
                      }
                    </td>
                    <td class="detail">{{ describe(event) }}</td>
                  </tr>
                } @empty {
                  <tr><td colspan="5" class="muted">Nothing matches these filters.</td></tr>
                }
              </tbody>
            </table>
          </div>
          <div class="pager">
            <button class="btn btn-secondary btn-small" type="button" (click)="go(p.page - 1)" [disabled]="loading() || p.page <= 1">Newer</button>
            <span class="muted">Page {{ p.page }} of {{ pages() }}</span>
            <button class="btn btn-secondary btn-small" type="button" (click)="go(p.page + 1)" [disabled]="loading() || p.page >= pages()">Older</button>
          </div>
        </section>
      } @else if (loading()) {
        <p class="muted" role="status">Loading…</p>
      }
    </div>
  `,
})
export class AuditLogComponent {
  private readonly audit = inject(AuditService);
  private readonly usersApi = inject(UsersService);
  private readonly settings = inject(SettingsService);

  protected readonly commonActions = COMMON_ACTIONS;
  protected readonly filters = signal<AuditFilters>({});
  protected readonly page = signal<Page<AuditEventView> | null>(null);
  protected readonly users = signal<UserView[]>([]);
  protected readonly timeZone = signal('UTC');
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly zone = computed(() => zoneLabel(this.timeZone()));
  protected readonly pages = computed(() => {
    const p = this.page();
    return p ? Math.max(1, Math.ceil(p.total / p.pageSize)) : 1;
  });

  constructor() {
    this.settings.get().subscribe({ next: (s) => this.timeZone.set(s.clinicTimezone) });
    this.usersApi.list().subscribe({ next: (users) => this.users.set(users) });
    this.load();
  }

  protected apply(action: string, actor: string): void {
    this.filters.set({ action: action.trim() || undefined, actor: actor || undefined, page: 1 });
    this.load();
  }

  protected go(page: number): void {
    this.filters.update((f) => ({ ...f, page }));
    this.load();
  }

  /** The detail as the log holds it, compact: ids, counts and reasons, never patient names. */
  protected describe(event: AuditEventView): string {
    const text = JSON.stringify(event.detail ?? {});
    return text === '{}' ? (event.entityId ?? '') : text.length > 240 ? `${text.slice(0, 240)}…` : text;
  }

  private load(): void {
    this.loading.set(true);
    this.audit.list(this.filters()).subscribe({
      next: (page) => {
        this.page.set(page);
        this.error.set(null);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(parseApiError(err).message);
        this.loading.set(false);
      },
    });
  }
}
