import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DeliveryProblemView } from '@stride/contracts';
import { forkJoin } from 'rxjs';
import { parseApiError } from '../core/http/api-error';
import { InvitationsService } from '../data-access/invitations.service';
import { SettingsService } from '../data-access/settings.service';
import { ClinicDatePipe } from '../shared/clinic-date.pipe';
import { ConfirmDialogComponent } from '../shared/confirm-dialog.component';
import { zoneLabel } from '../shared/dates';
import { plainDeliveryError } from '../shared/delivery-errors';
import { TIMEPOINT_LABELS } from '../shared/labels';

type ProblemKind = DeliveryProblemView['status'];

interface ProblemGroup {
  kind: ProblemKind;
  title: string;
  explain: string;
  rows: DeliveryProblemView[];
}

/** Most urgent first: an unknown outcome needs a call to the patient before anything else. */
const GROUPS: readonly Omit<ProblemGroup, 'rows'>[] = [
  {
    kind: 'unknown',
    title: 'Outcome unknown',
    explain:
      'The server stopped while handing these messages over, so the patient may or may not have them. Ask the patient before resending, so nobody gets the same survey twice.',
  },
  {
    kind: 'failed',
    title: 'Failed to send',
    explain: 'These messages could not be delivered, even after retrying. Check the reason; resend once it is fixed.',
  },
  {
    kind: 'missed',
    title: 'Missed in the last 30 days',
    explain: 'The window closed without an answer, so these cannot be resent. They count as missed in the response rate.',
  },
];

/** Admin: every survey that needs a person, and the resend that fixes the ones that can be fixed. */
@Component({
  selector: 'stride-delivery-problems',
  imports: [RouterLink, ClinicDatePipe, ConfirmDialogComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    h2 .count {
      color: var(--muted);
      font-weight: 500;
    }
    .explain {
      color: var(--muted);
      max-width: 52rem;
    }
    .error-text {
      min-width: 14rem;
      max-width: 26rem;
    }
    .nowrap {
      white-space: nowrap;
    }
    .raw {
      display: block;
      color: var(--muted);
      font-size: 0.8rem;
      overflow-wrap: anywhere;
    }
    .empty {
      display: flex;
      gap: 0.75rem;
      align-items: flex-start;
    }
    .empty p {
      margin: 0;
    }
    .empty .icon {
      flex: none;
      display: inline-grid;
      place-items: center;
      width: 2.25rem;
      height: 2.25rem;
      border-radius: 50%;
      background: var(--ok-bg);
      color: var(--ok);
      font-weight: 700;
    }
  `,
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Delivery problems</h1>
        <button class="btn btn-secondary" type="button" (click)="load()" [disabled]="loading()">Refresh</button>
      </div>
      <p class="explain">
        Surveys that did not reach the patient or may not have, and surveys missed in the last 30 days. Dates and times are
        clinic time ({{ zone() }}).
      </p>
      <div aria-live="polite">
        @if (notice(); as message) {
          <div class="alert alert-ok">{{ message }}</div>
        }
      </div>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
      @if (problems() === null) {
        @if (loading()) {
          <p class="muted" role="status">Loading…</p>
        }
      } @else if (groups().length === 0) {
        <div class="card empty">
          <span class="icon" aria-hidden="true">✓</span>
          <div>
            <h2>Nothing needs attention</h2>
            <p class="muted">Every survey that was due has gone out, and none was missed in the last 30 days.</p>
          </div>
        </div>
      }
      @for (group of groups(); track group.kind) {
        <section class="card" [attr.aria-labelledby]="'group-' + group.kind">
          <h2 [id]="'group-' + group.kind">{{ group.title }} <span class="count">({{ group.rows.length }})</span></h2>
          <p class="explain">{{ group.explain }}</p>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Time point</th>
                  <th scope="col">Due</th>
                  <th scope="col">{{ group.kind === 'missed' ? 'Last open day' : 'Open until' }}</th>
                  @if (group.kind !== 'missed') {
                    <th scope="col">Attempts</th>
                    <th scope="col">Last error</th>
                    <th scope="col"><span class="visually-hidden">Actions</span></th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (row of group.rows; track row.invitationId) {
                  <tr>
                    <th scope="row" class="nowrap"><a [routerLink]="['/patients', row.patientId]">{{ row.patientName }}</a></th>
                    <td class="nowrap">{{ timepointLabels[row.timepoint] }}</td>
                    <td class="nowrap">{{ row.dueAt | clinicDate: timeZone() : 'date' }}</td>
                    <td class="nowrap">{{ row.closesAt | clinicDate: timeZone() : 'lastOpenDay' }}</td>
                    @if (group.kind !== 'missed') {
                      <td>{{ row.attempts }}</td>
                      <td class="error-text">
                        @if (plain(row); as e) {
                          {{ e.plain }}
                          @if (e.detail) {
                            <span class="raw">{{ e.detail }}</span>
                          }
                        } @else {
                          <span class="muted">–</span>
                        }
                      </td>
                      <td>
                        @if (row.resendable) {
                          <button class="btn btn-secondary btn-small" type="button" [disabled]="resending() !== null"
                            (click)="askResend(row)" [attr.aria-label]="'Resend the ' + timepointLabels[row.timepoint] + ' survey to ' + row.patientName">
                            {{ resending() === row.invitationId ? 'Resending…' : 'Resend' }}
                          </button>
                        } @else {
                          <span class="muted small">{{ row.resendRefusal }}</span>
                        }
                      </td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </section>
      }
    </div>

    <stride-confirm-dialog heading="Has the patient confirmed they did not receive it?" confirmLabel="Yes, resend"
      cancelLabel="Not yet" (confirmed)="confirmResend()">
      @if (pending(); as row) {
        <p>
          The {{ timepointLabels[row.timepoint] }} survey may already have reached {{ row.patientName }}. Resend only when
          the patient has told you it did not arrive; otherwise they get it twice.
        </p>
      }
    </stride-confirm-dialog>
  `,
})
export class DeliveryProblemsComponent {
  private readonly invitations = inject(InvitationsService);
  private readonly settings = inject(SettingsService);

  protected readonly timepointLabels = TIMEPOINT_LABELS;
  protected readonly problems = signal<DeliveryProblemView[] | null>(null);
  protected readonly timeZone = signal('UTC');
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly resending = signal<string | null>(null);
  /** The unknown-outcome row waiting for the admin's answer in the dialog. */
  protected readonly pending = signal<DeliveryProblemView | null>(null);
  private readonly dialog = viewChild.required(ConfirmDialogComponent);

  protected readonly zone = computed(() => zoneLabel(this.timeZone()));
  protected readonly groups = computed<ProblemGroup[]>(() => {
    const problems = this.problems() ?? [];
    return GROUPS.map((g) => ({ ...g, rows: problems.filter((p) => p.status === g.kind) })).filter((g) => g.rows.length > 0);
  });

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    forkJoin({ problems: this.invitations.deliveryProblems(), settings: this.settings.get() }).subscribe({
      next: ({ problems, settings }) => {
        this.timeZone.set(settings.clinicTimezone);
        this.problems.set(problems);
        this.error.set(null);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(parseApiError(err).message);
        this.loading.set(false);
      },
    });
  }

  protected plain(row: DeliveryProblemView): ReturnType<typeof plainDeliveryError> {
    return plainDeliveryError(row.lastError);
  }

  protected askResend(row: DeliveryProblemView): void {
    this.notice.set(null);
    if (row.status === 'unknown') {
      this.pending.set(row);
      this.dialog().open();
    } else {
      this.resend(row);
    }
  }

  protected confirmResend(): void {
    const row = this.pending();
    this.pending.set(null);
    if (row) this.resend(row);
  }

  private resend(row: DeliveryProblemView): void {
    this.resending.set(row.invitationId);
    this.error.set(null);
    this.invitations.resend(row.invitationId).subscribe({
      next: () => {
        this.resending.set(null);
        this.notice.set(
          `The ${TIMEPOINT_LABELS[row.timepoint]} survey for ${row.patientName} will be sent again, with a new link, in the next dispatch.`,
        );
        this.load();
      },
      error: (err: unknown) => {
        this.resending.set(null);
        this.error.set(parseApiError(err).message);
        this.load();
      },
    });
  }
}
