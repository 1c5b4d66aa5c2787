import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { InvitationView, IssuedLinkView, ScoreView, SurgeryView } from '@stride/contracts';
import { parseApiError } from '../core/http/api-error';
import { SurgeriesService } from '../data-access/surgeries.service';
import { PROCEDURE_LABELS, TIMEPOINT_LABELS, WALKING_BINS, isOpenInvitation } from '../shared/labels';
import { StatusChipComponent } from '../shared/status-chip.component';
import { LegPainTrajectoryComponent } from './leg-pain-trajectory.component';
import { StaffResponseFormComponent } from './staff-response-form.component';

/** One surgery: its invitation ledger, the scores so far, and the staff actions on them. */
@Component({
  selector: 'stride-surgery-panel',
  imports: [DatePipe, StatusChipComponent, StaffResponseFormComponent, LegPainTrajectoryComponent],
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
    .link-box {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
      align-items: center;
      margin: 0.75rem 0;
    }
    .link-box input {
      flex: 1 1 20rem;
      font-family: ui-monospace, monospace;
      font-size: 0.85rem;
    }
    .yes {
      color: var(--ok);
      font-weight: 600;
    }
    .no {
      color: var(--bad);
      font-weight: 600;
    }
  `,
  template: `
    @let s = surgery();
    <section class="card" [attr.aria-labelledby]="'surgery-' + s.id">
      <div class="head">
        <h2 [id]="'surgery-' + s.id">
          {{ procedureLabel() }} · {{ s.surgeryDate | date: 'mediumDate' : 'UTC' }}
          @if (s.status === 'cancelled') {
            <span class="chip chip-cancelled">Cancelled</span>
          }
        </h2>
        @if (canManage() && s.status !== 'cancelled') {
          <button class="btn btn-danger btn-small no-print" type="button" [disabled]="busy()" (click)="cancelSurgery()">
            Cancel surgery
          </button>
        }
      </div>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
      <div aria-live="polite">
        @if (issuedLink(); as link) {
          <div class="alert alert-info">
            <p>
              Survey link for {{ timepointLabels[timepointOf(link.invitationId)] }}, valid until
              {{ link.expiresAt | date: 'medium' }}. Give it to the patient only.
            </p>
            <div class="link-box">
              <label class="visually-hidden" [for]="'link-' + s.id">Survey link</label>
              <input [id]="'link-' + s.id" type="text" readonly [value]="link.url" (focus)="selectAll($event)" />
              <button class="btn btn-secondary btn-small" type="button" (click)="copy(link.url)">
                {{ copied() ? 'Copied' : 'Copy' }}
              </button>
              <a class="btn btn-secondary btn-small" [href]="link.url" target="_blank" rel="noopener noreferrer">Open</a>
            </div>
          </div>
        }
      </div>

      <h3>Follow-up</h3>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Time point</th>
              <th scope="col">Due</th>
              <th scope="col">Closes</th>
              <th scope="col">Status</th>
              <th scope="col">Sent</th>
              <th scope="col">Completed</th>
              @if (canManage()) {
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              }
            </tr>
          </thead>
          <tbody>
            @for (inv of s.invitations; track inv.id) {
              <tr>
                <th scope="row">{{ timepointLabels[inv.timepoint] }}</th>
                <td>{{ inv.dueAt | date: 'mediumDate' }}</td>
                <td>{{ inv.closesAt | date: 'mediumDate' }}</td>
                <td><stride-status-chip [status]="inv.status" /></td>
                <td>{{ inv.sentAt ? (inv.sentAt | date: 'short') : '–' }}</td>
                <td>{{ inv.completedAt ? (inv.completedAt | date: 'short') : '–' }}</td>
                @if (canManage()) {
                  <td>
                    <div class="actions no-print">
                      @if (canRecord(inv)) {
                        <button class="btn btn-secondary btn-small" type="button" (click)="recording.set(inv.id)"
                          [attr.aria-expanded]="recording() === inv.id">
                          Record response
                        </button>
                      }
                      @if (isOpen(inv)) {
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

      <!-- A one-item loop keyed by id: choosing another invitation gives a fresh, empty form. -->
      @for (inv of recordingInvitation(); track inv.id) {
        <stride-staff-response-form [invitation]="inv" (saved)="onRecorded()" (closed)="recording.set(null)" />
      }

      <h3>Scores</h3>
      @if (s.scores.length === 0) {
        <p class="muted">No answers yet.</p>
      } @else {
        <stride-leg-pain-trajectory [scores]="s.scores" />
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Time point</th>
                <th scope="col">Collected</th>
                <th scope="col">Leg pain</th>
                <th scope="col">Back pain</th>
                <th scope="col">Walking distance</th>
                <th scope="col">Satisfaction</th>
                <th scope="col">Success</th>
                <th scope="col">Satisfied</th>
              </tr>
            </thead>
            <tbody>
              @for (score of sortedScores(); track score.timepoint) {
                <tr>
                  <th scope="row">{{ timepointLabels[score.timepoint] }}</th>
                  <td>{{ score.collectedAt | date: 'mediumDate' }} <span class="muted small">({{ score.mode }})</span></td>
                  <td>{{ score.answers.legPain ?? '–' }}</td>
                  <td>{{ score.answers.backPain ?? '–' }}</td>
                  <td>{{ walkingLabel(score) }}</td>
                  <td>{{ score.answers.satisfaction ?? '–' }}</td>
                  <td>
                    @switch (score.success) {
                      @case (true) { <span class="yes">Yes</span> }
                      @case (false) { <span class="no">No</span> }
                      @default { <span class="muted">not evaluable</span> }
                    }
                  </td>
                  <td>
                    @switch (score.satisfied) {
                      @case (true) { <span class="yes">Yes</span> }
                      @case (false) { <span class="no">No</span> }
                      @default { <span class="muted">–</span> }
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <p class="muted small">Scored with {{ definitionVersions() }}.</p>
      }
    </section>
  `,
})
export class SurgeryPanelComponent {
  private readonly surgeries = inject(SurgeriesService);

  readonly surgery = input.required<SurgeryView>();
  readonly canManage = input(false);
  /** The surgery changed on the server: the parent reloads the patient. */
  readonly changed = output<void>();

  protected readonly timepointLabels = TIMEPOINT_LABELS;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly issuedLink = signal<IssuedLinkView | null>(null);
  protected readonly copied = signal(false);
  protected readonly recording = signal<string | null>(null);

  protected readonly procedureLabel = computed(() => PROCEDURE_LABELS[this.surgery().procedure]);
  protected readonly recordingInvitation = computed(() =>
    this.surgery().invitations.filter((inv) => inv.id === this.recording()),
  );
  protected readonly sortedScores = computed(() => {
    const order = this.surgery().invitations.map((inv) => inv.timepoint);
    return [...this.surgery().scores].sort((a, b) => order.indexOf(a.timepoint) - order.indexOf(b.timepoint));
  });

  /** Every score is stamped with the definition version that judged it. */
  protected readonly definitionVersions = computed(() =>
    [...new Set(this.surgery().scores.flatMap((s) => s.definitionVersion.split(';')))].join(', '),
  );

  /** Answerable now: not closed, and for post-op time points the window has opened (due date reached). */
  protected isOpen(inv: InvitationView): boolean {
    const windowOpen = inv.timepoint === 'baseline' || Date.parse(inv.dueAt) <= Date.now();
    return this.surgery().status !== 'cancelled' && isOpenInvitation(inv.status) && windowOpen;
  }

  /** DESIGN.md: a baseline missed at enrollment can still be entered from a pre-op paper form. */
  protected canRecord(inv: InvitationView): boolean {
    return this.isOpen(inv) || (this.surgery().status !== 'cancelled' && inv.status === 'missed' && inv.timepoint === 'baseline');
  }

  protected timepointOf(invitationId: string): InvitationView['timepoint'] {
    return this.surgery().invitations.find((inv) => inv.id === invitationId)?.timepoint ?? 'baseline';
  }

  protected walkingLabel(score: ScoreView): string {
    const bin = score.answers.walkingDistance;
    return bin === null || bin === undefined ? '–' : `${bin} · ${WALKING_BINS[bin] ?? ''}`;
  }

  protected getLink(inv: InvitationView): void {
    this.busy.set(true);
    this.error.set(null);
    this.copied.set(false);
    this.surgeries.issueLink(inv.id).subscribe({
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

  protected onRecorded(): void {
    this.recording.set(null);
    this.changed.emit();
  }

  protected copy(url: string): void {
    void navigator.clipboard?.writeText(url).then(() => this.copied.set(true));
  }

  protected selectAll(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }

  private fail(err: unknown): void {
    this.busy.set(false);
    this.error.set(parseApiError(err).message);
  }
}
