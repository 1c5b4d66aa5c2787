import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { PatientView, UpdatePatientStatusRequest } from '@stride/contracts';
import { parseApiError } from '../core/http/api-error';
import { PatientsService } from '../data-access/patients.service';
import { ConfirmDialogComponent } from '../shared/confirm-dialog.component';
import { PATIENT_STATUS_LABELS } from '../shared/labels';

type StopReason = UpdatePatientStatusRequest['status'];

const REASONS: readonly StopReason[] = ['withdrawn', 'deceased', 'opted_out'];

const QUESTIONS: Record<StopReason, (name: string) => string> = {
  withdrawn: (name) => `Record that ${name} has withdrawn?`,
  deceased: (name) => `Record that ${name} has died?`,
  opted_out: (name) => `Record that ${name} has opted out of surveys?`,
};

/**
 * DESIGN.md, "Changes to the surgery": withdrawal, opt-out or death stops everything still
 * pending, reminders included. Admin only; the dialog says what stops before anything does.
 */
@Component({
  selector: 'stride-stop-follow-up',
  imports: [ConfirmDialogComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .reasons {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .alert {
      margin: 1rem 0 0;
    }
  `,
  template: `
    @let p = patient();
    <section class="card no-print" aria-labelledby="stop-heading">
      @if (p.status === 'active') {
        <h2 id="stop-heading">Stop follow-up</h2>
        <p class="muted">
          If the patient withdraws, dies or asks for no more surveys, record it here. Every survey and reminder still pending
          stops at once.
        </p>
      } @else {
        <h2 id="stop-heading">Reason follow-up stopped</h2>
        <p>Recorded as <strong>{{ labels[p.status] }}</strong>. If this was recorded wrongly, choose the right reason:</p>
      }
      <div class="reasons" role="group" aria-label="Reason follow-up stops">
        @for (reason of reasons(); track reason) {
          <button class="btn btn-danger" type="button" [disabled]="busy()" (click)="ask(reason)">{{ labels[reason] }}</button>
        }
      </div>
      <div aria-live="polite">
        @if (notice(); as message) {
          <div #noticeBox class="alert alert-ok" tabindex="-1">{{ message }}</div>
        }
      </div>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
    </section>

    <stride-confirm-dialog [heading]="question()" [confirmLabel]="'Yes, ' + confirmVerb()" [danger]="true" (confirmed)="stop()">
      @if (p.status === 'active') {
        <p>
          Every pending survey and reminder for {{ name() }} stops now.
          @if (openCount() > 0) {
            {{ openCount() }} open {{ openCount() === 1 ? 'survey is' : 'surveys are' }} cancelled, and the links already sent
            stop working.
          } @else {
            No survey is open at the moment; none will be sent from now on.
          }
        </p>
        <p>Answers already received are kept. This cannot be undone in the portal.</p>
      } @else {
        @if (choice(); as next) {
          <p>The reason changes from {{ labels[p.status] }} to {{ labels[next] }}. Follow-up stays stopped.</p>
        }
      }
    </stride-confirm-dialog>
  `,
})
export class StopFollowUpComponent {
  private readonly patients = inject(PatientsService);

  readonly patient = input.required<PatientView>();
  /** The patient as the API now has it. */
  readonly changed = output<PatientView>();

  protected readonly labels = PATIENT_STATUS_LABELS;
  protected readonly choice = signal<StopReason | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  private readonly dialog = viewChild.required(ConfirmDialogComponent);
  private readonly noticeBox = viewChild<ElementRef<HTMLElement>>('noticeBox');
  private readonly injector = inject(Injector);

  protected readonly name = computed(() => `${this.patient().givenName} ${this.patient().familyName}`);
  protected readonly reasons = computed(() => REASONS.filter((r) => r !== this.patient().status));
  protected readonly question = computed(() => {
    const choice = this.choice();
    return choice ? QUESTIONS[choice](this.name()) : '';
  });
  protected readonly confirmVerb = computed(() => (this.patient().status === 'active' ? 'stop follow-up' : 'change the reason'));
  protected readonly openCount = computed(() => this.patient().openSurveys);

  protected ask(reason: StopReason): void {
    this.choice.set(reason);
    this.error.set(null);
    this.notice.set(null);
    this.dialog().open();
  }

  protected stop(): void {
    const reason = this.choice();
    if (!reason) return;
    this.busy.set(true);
    this.patients.setStatus(this.patient().id, reason).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.notice.set(`Recorded as ${PATIENT_STATUS_LABELS[reason]}. Follow-up has stopped.`);
        this.changed.emit(updated);
        // The pressed button is gone from the list now: keep keyboard focus on what happened.
        afterNextRender(() => this.noticeBox()?.nativeElement.focus(), { injector: this.injector });
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(parseApiError(err).message);
      },
    });
  }
}
