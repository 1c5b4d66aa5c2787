import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { InvitationView, IssuedLinkView, ScoreView, SurgeryView, Timepoint } from '@stride/contracts';
import { parseApiError } from '../core/http/api-error';
import { InvitationsService } from '../data-access/invitations.service';
import { SurgeriesService } from '../data-access/surgeries.service';
import { CalendarDayPipe } from '../shared/calendar-day.pipe';
import { ClinicDatePipe } from '../shared/clinic-date.pipe';
import { formatDay, lastOpenDay, zoneLabel } from '../shared/dates';
import { PROCEDURE_LABELS, STOP_REASON_LABELS, TIMEPOINT_LABELS } from '../shared/labels';
import { StatusChipComponent } from '../shared/status-chip.component';
import { InvitationHistoryComponent } from './invitation-history.component';
import { IssuedLinkComponent } from './issued-link.component';
import { RescheduleSurgeryComponent } from './reschedule-surgery.component';
import { StaffResponseFormComponent } from './staff-response-form.component';
import { SurgeryScoresComponent } from './surgery-scores.component';

/** One surgery: its invitation ledger, the scores so far, and the staff actions on them. */
@Component({
  selector: 'stride-surgery-panel',
  imports: [
    CalendarDayPipe,
    ClinicDatePipe,
    StatusChipComponent,
    InvitationHistoryComponent,
    StaffResponseFormComponent,
    RescheduleSurgeryComponent,
    SurgeryScoresComponent,
    IssuedLinkComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0.75rem;
      align-items: baseline;
    }
    h3 {
      margin-top: 1.25rem;
    }
    .actions {
      display: flex;
      gap: 0.4rem;
      flex-wrap: wrap;
    }
    .note {
      margin: 0.4rem 0 0;
    }
    .date {
      white-space: nowrap;
    }
    .stop-reason {
      display: block;
    }
  `,
  template: `
    @let s = surgery();
    <section class="card" [attr.aria-labelledby]="'surgery-' + s.id">
      <div class="head">
        <h2 [id]="'surgery-' + s.id">
          {{ procedureLabel() }} · {{ s.surgeryDate | calendarDay }}
          @if (s.status === 'cancelled') {
            <span class="chip chip-cancelled">Cancelled</span>
          }
        </h2>
        @if (canManage() && s.actions.length > 0) {
          <div class="actions no-print">
            @if (s.actions.includes('reschedule')) {
              <button class="btn btn-secondary btn-small" type="button" (click)="rescheduling.set(!rescheduling())"
                [attr.aria-expanded]="rescheduling()" [attr.aria-controls]="'reschedule-form-' + s.id">
                Change date
              </button>
            }
            @if (s.actions.includes('cancel')) {
              <button class="btn btn-danger btn-small" type="button" [disabled]="busy()" (click)="cancelSurgery()">
                Cancel surgery
              </button>
            }
          </div>
        }
      </div>
      @if (rescheduling() && s.actions.includes('reschedule')) {
        <stride-reschedule-surgery [id]="'reschedule-form-' + s.id" [surgery]="s" (saved)="onRescheduled($event)"
          (closed)="rescheduling.set(false)" />
      }
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
      <div aria-live="polite">
        @if (notice(); as message) {
          <div class="alert alert-ok">{{ message }}</div>
        }
        @if (issuedLink(); as link) {
          <stride-issued-link
            [link]="link"
            [label]="timepointLabels[timepointOf(link.invitationId)]"
            [openUntil]="openUntil(link.expiresAt) | calendarDay: 'full'"
          />
        }
      </div>

      <h3>Follow-up</h3>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Time point</th>
              <th scope="col">Due</th>
              <th scope="col">Open until</th>
              <th scope="col">Status</th>
              <th scope="col">History</th>
              @if (canManage()) {
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              }
            </tr>
          </thead>
          <tbody>
            @for (inv of s.invitations; track inv.id) {
              <tr>
                <th scope="row">{{ timepointLabels[inv.timepoint] }}</th>
                <td class="date">{{ inv.dueAt | clinicDate: timeZone() : 'date' }}</td>
                <td class="date">{{ inv.closesAt | clinicDate: timeZone() : 'lastOpenDay' }}</td>
                <td>
                  <stride-status-chip [status]="inv.status" />
                  @if (inv.stopReason) {
                    <span class="small muted stop-reason">{{ stopReasonLabels[inv.stopReason] }}</span>
                  }
                </td>
                <td><stride-invitation-history [invitation]="inv" [score]="scoreFor(inv.timepoint)" [paper]="paper()" [timeZone]="timeZone()" /></td>
                @if (canManage()) {
                  <td>
                    <div class="actions no-print">
                      @if (inv.actions.includes('record_response')) {
                        <button class="btn btn-secondary btn-small" type="button" (click)="recording.set(inv.id)"
                          [attr.aria-expanded]="recording() === inv.id">
                          Record response
                        </button>
                      }
                      @if (inv.actions.includes('issue_link')) {
                        <button class="btn btn-secondary btn-small" type="button" [disabled]="busy()" (click)="getLink(inv)">
                          Get link
                        </button>
                      }
                    </div>
                  </td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
      <p class="note muted small">
        Dates and times are clinic time ({{ zone() }}). “Open until”: the last day on which the patient can answer. A follow-up
        accepts answers from 7 days before it is due; the baseline from 90 days before surgery to the day before it.
      </p>

      <!-- A one-item loop keyed by id: choosing another invitation gives a fresh, empty form. -->
      @for (inv of recordingInvitation(); track inv.id) {
        <stride-staff-response-form [invitation]="inv" (saved)="onRecorded()" (closed)="recording.set(null)" />
      }

      <h3>Scores</h3>
      <stride-surgery-scores [surgery]="s" [timeZone]="timeZone()" />
    </section>
  `,
})
export class SurgeryPanelComponent {
  private readonly surgeries = inject(SurgeriesService);
  private readonly invitations = inject(InvitationsService);

  readonly surgery = input.required<SurgeryView>();
  /** Staff may act on this surgery: a clinician's role, and the patient still in follow-up. */
  readonly canManage = input(false);
  /** The patient is followed up on paper: nothing is sent to them. */
  readonly paper = input(false);
  /** The clinic's IANA time zone: windows open and close by its calendar. */
  readonly timeZone = input.required<string>();
  /** The surgery changed on the server: the parent reloads the patient. */
  readonly changed = output<void>();

  protected readonly timepointLabels = TIMEPOINT_LABELS;
  protected readonly stopReasonLabels = STOP_REASON_LABELS;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly issuedLink = signal<IssuedLinkView | null>(null);
  protected readonly recording = signal<string | null>(null);
  protected readonly rescheduling = signal(false);
  protected readonly notice = signal<string | null>(null);

  protected readonly procedureLabel = computed(() => PROCEDURE_LABELS[this.surgery().procedure]);
  protected readonly zone = computed(() => zoneLabel(this.timeZone()));
  protected readonly recordingInvitation = computed(() =>
    this.surgery().invitations.filter((inv) => inv.id === this.recording()),
  );
  protected timepointOf(invitationId: string): InvitationView['timepoint'] {
    return this.surgery().invitations.find((inv) => inv.id === invitationId)?.timepoint ?? 'baseline';
  }

  protected openUntil(closesAt: string): string {
    return lastOpenDay(closesAt, this.timeZone());
  }

  protected getLink(inv: InvitationView): void {
    this.busy.set(true);
    this.error.set(null);
    this.invitations.issueLink(inv.id).subscribe({
      next: (link) => {
        this.issuedLink.set(link);
        this.busy.set(false);
      },
      error: (err: unknown) => this.fail(err),
    });
  }

  protected cancelSurgery(): void {
    if (!confirm('Cancel this surgery? Every invitation not yet completed will be cancelled.')) return;
    this.busy.set(true);
    this.error.set(null);
    this.surgeries.update(this.surgery().id, { status: 'cancelled' }).subscribe({
      next: () => {
        this.busy.set(false);
        this.changed.emit();
      },
      error: (err: unknown) => this.fail(err),
    });
  }

  protected onRescheduled(updated: SurgeryView): void {
    this.rescheduling.set(false);
    const date = formatDay(updated.surgeryDate);
    this.notice.set(`Surgery date changed to ${date}. Each survey now follows the new date, as the preview showed.`);
    this.changed.emit();
  }

  protected onRecorded(): void {
    this.recording.set(null);
    this.changed.emit();
  }

  private fail(err: unknown): void {
    this.busy.set(false);
    this.error.set(parseApiError(err).message);
  }

  /** The stored answer of a time point, for its collection date and mode. */
  protected scoreFor(timepoint: Timepoint): ScoreView | null {
    return this.surgery().scores.find((score) => score.timepoint === timepoint) ?? null;
  }
}
