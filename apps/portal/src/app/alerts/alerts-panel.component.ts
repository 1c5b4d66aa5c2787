import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { AlertView } from '@stride/contracts';
import { Subject, catchError, forkJoin, merge, of, switchMap } from 'rxjs';
import { parseApiError } from '../core/http/api-error';
import { AlertsService } from '../data-access/alerts.service';
import { SettingsService } from '../data-access/settings.service';
import { AlertTableComponent } from './alert-table.component';

/**
 * Alerts to act on: the open ones with their acknowledge buttons, then the acknowledged ones
 * folded away. The clinic's alerts on the Alerts page, or one patient's on their page.
 */
@Component({
  selector: 'stride-alerts-panel',
  imports: [AlertTableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .count {
      color: var(--muted);
      font-weight: 500;
    }
    details {
      margin-top: 1rem;
    }
    summary {
      cursor: pointer;
      font-weight: 600;
    }
  `,
  template: `
    <div aria-live="polite">
      @if (notice(); as message) {
        <div class="alert alert-info">{{ message }}</div>
      }
    </div>
    @if (error(); as message) {
      <div class="alert alert-error" role="alert">{{ message }}</div>
    }
    @if (alerts(); as all) {
      @if (patientId()) {
        <h2>Alerts <span class="count">({{ open().length }} open)</span></h2>
      } @else {
        <h2>Open <span class="count">({{ open().length }})</span></h2>
      }
      @if (patientId() && all.length === 0) {
        <p class="muted">None: no answer from this patient has been worse than expected after surgery.</p>
      } @else {
        @if (open().length === 0) {
          <p class="muted">Nothing to acknowledge.</p>
        } @else {
          <stride-alert-table [alerts]="open()" [timeZone]="timeZone()" caption="Open alerts, newest first"
            [showPatient]="!patientId()" [busy]="busy()" (acknowledge)="acknowledge($event)" />
        }
        @if (done().length > 0) {
          <details [open]="!!patientId()">
            <summary>Acknowledged ({{ done().length }})</summary>
            <stride-alert-table [alerts]="done()" [timeZone]="timeZone()" caption="Acknowledged alerts" [showPatient]="!patientId()" />
          </details>
        }
      }
    } @else if (!error()) {
      <p class="muted" role="status">Loading alerts…</p>
    }
  `,
})
export class AlertsPanelComponent {
  private readonly service = inject(AlertsService);
  private readonly settings = inject(SettingsService);

  /** One patient's alerts; unset for every alert the caller may see. */
  readonly patientId = input<string | undefined>();

  protected readonly alerts = signal<AlertView[] | null>(null);
  protected readonly timeZone = signal('UTC');
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly open = computed(() => (this.alerts() ?? []).filter((a) => a.acknowledgedAt === null));
  protected readonly done = computed(() => (this.alerts() ?? []).filter((a) => a.acknowledgedAt !== null));

  private readonly reload = new Subject<void>();

  constructor() {
    merge(toObservable(this.patientId), this.reload)
      .pipe(
        switchMap(() =>
          forkJoin({ list: this.service.list({ patientId: this.patientId() }), settings: this.settings.get() }).pipe(
            catchError((err: unknown) => of(parseApiError(err))),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((outcome) => {
        if ('list' in outcome) {
          this.timeZone.set(outcome.settings.clinicTimezone);
          this.alerts.set(outcome.list.items);
          this.error.set(null);
        } else {
          this.error.set(outcome.message);
        }
      });
  }

  protected acknowledge(alert: AlertView): void {
    this.busy.set(alert.id);
    this.notice.set(null);
    this.service.acknowledge(alert.id).subscribe({
      next: (updated) => {
        this.busy.set(null);
        this.alerts.update((list) => (list ?? []).map((a) => (a.id === updated.id ? updated : a)));
        this.notice.set(`Acknowledged: ${alert.patientName}, ${alert.detail}.`);
      },
      error: (err: unknown) => {
        this.busy.set(null);
        const parsed = parseApiError(err);
        if (parsed.code === 'CONFLICT') {
          // Someone else got there first: show the list as it is now.
          this.notice.set(parsed.message);
          this.service.refreshCount();
          this.reload.next();
        } else {
          this.error.set(parsed.message);
        }
      },
    });
  }
}
