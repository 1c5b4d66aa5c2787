import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Answers, InvitationView, StaffResponseMode } from '@stride/contracts';
import { formErrorSummary, parseApiError } from '../core/http/api-error';
import { InvitationsService } from '../data-access/invitations.service';
import { TIMEPOINT_LABELS, WALKING_BINS, todayIso } from '../shared/labels';
import { dayInZone, lastOpenDay } from '../shared/dates';
import { SettingsService } from '../data-access/settings.service';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

const range = (min: number, max: number): number[] => Array.from({ length: max - min + 1 }, (_, i) => min + i);

/** Staff entry of a survey collected on paper, by phone or in clinic, for one invitation. */
@Component({
  selector: 'stride-staff-response-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    form {
      border: 1px solid var(--border);
      border-left: 4px solid var(--primary);
      border-radius: var(--radius);
      padding: 1rem 1.25rem;
      margin-top: 1rem;
      background: #fbfdfe;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      margin-top: 1rem;
    }
  `,
  template: `
    @let id = invitation().id;
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-labelledby]="'record-' + id">
      <h3 [id]="'record-' + id">Record {{ timepointLabel() }} response</h3>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
      <div class="form-grid">
        <div class="field">
          <label [for]="id + '-mode'">Collected by</label>
          <select [id]="id + '-mode'" formControlName="mode">
            <option value="paper">Paper form</option>
            <option value="phone">Phone call</option>
            <option value="clinic">In clinic</option>
          </select>
        </div>
        <div class="field">
          <label [for]="id + '-collectedAt'">Date collected</label>
          <input [id]="id + '-collectedAt'" type="date" formControlName="collectedAt" [max]="today()"
            [attr.aria-invalid]="errorFor('collectedAt') ? 'true' : null" [attr.aria-describedby]="id + '-collectedAt-error'" />
          @if (invitation().timepoint === 'baseline') {
            <span class="hint">A baseline must be collected before the surgery date.</span>
          }
          @if (errorFor('collectedAt'); as message) {
            <p class="field-error" [id]="id + '-collectedAt-error'">{{ message }}</p>
          }
        </div>
        <div class="field">
          <label [for]="id + '-legPain'">Leg pain (0–10)</label>
          <select [id]="id + '-legPain'" formControlName="legPain"
            [attr.aria-invalid]="errorFor('legPain') ? 'true' : null" [attr.aria-describedby]="id + '-legPain-error'">
            <option [ngValue]="null">Not answered</option>
            @for (v of nrs; track v) { <option [ngValue]="v">{{ v }}</option> }
          </select>
          @if (errorFor('legPain'); as message) { <p class="field-error" [id]="id + '-legPain-error'">{{ message }}</p> }
        </div>
        <div class="field">
          <label [for]="id + '-backPain'">Back pain (0–10)</label>
          <select [id]="id + '-backPain'" formControlName="backPain"
            [attr.aria-invalid]="errorFor('backPain') ? 'true' : null" [attr.aria-describedby]="id + '-backPain-error'">
            <option [ngValue]="null">Not answered</option>
            @for (v of nrs; track v) { <option [ngValue]="v">{{ v }}</option> }
          </select>
          @if (errorFor('backPain'); as message) { <p class="field-error" [id]="id + '-backPain-error'">{{ message }}</p> }
        </div>
        <div class="field">
          <label [for]="id + '-walkingDistance'">Walking distance</label>
          <select [id]="id + '-walkingDistance'" formControlName="walkingDistance"
            [attr.aria-invalid]="errorFor('walkingDistance') ? 'true' : null" [attr.aria-describedby]="id + '-walkingDistance-error'">
            <option [ngValue]="null">Not answered</option>
            @for (label of walkingBins; track $index) { <option [ngValue]="$index">{{ $index }} · {{ label }}</option> }
          </select>
          @if (errorFor('walkingDistance'); as message) {
            <p class="field-error" [id]="id + '-walkingDistance-error'">{{ message }}</p>
          }
        </div>
        @if (postOp()) {
          <div class="field">
            <label [for]="id + '-satisfaction'">Satisfaction (1–5)</label>
            <select [id]="id + '-satisfaction'" formControlName="satisfaction"
              [attr.aria-invalid]="errorFor('satisfaction') ? 'true' : null" [attr.aria-describedby]="id + '-satisfaction-error'">
              <option [ngValue]="null">Not answered</option>
              <option [ngValue]="1">1 · very dissatisfied</option>
              <option [ngValue]="2">2</option>
              <option [ngValue]="3">3</option>
              <option [ngValue]="4">4</option>
              <option [ngValue]="5">5 · very satisfied</option>
            </select>
            @if (errorFor('satisfaction'); as message) {
              <p class="field-error" [id]="id + '-satisfaction-error'">{{ message }}</p>
            }
          </div>
        }
      </div>
      <div class="buttons">
        <button class="btn" type="submit" [disabled]="busy()">{{ busy() ? 'Saving…' : 'Save response' }}</button>
        <button class="btn btn-secondary" type="button" (click)="closed.emit()">Close</button>
      </div>
    </form>
  `,
})
export class StaffResponseFormComponent implements OnInit {
  private readonly invitations = inject(InvitationsService);

  readonly invitation = input.required<Pick<InvitationView, 'id' | 'timepoint' | 'closesAt'>>();
  /** How the answers are being collected, preselected (the worklist records phone calls). */
  readonly mode = input<StaffResponseMode>('paper');
  readonly saved = output<void>();
  readonly closed = output<void>();

  protected readonly nrs = range(0, 10);
  protected readonly walkingBins = WALKING_BINS;
  /** The latest allowed collection date: the clinic's today (the API checks against it), or for a baseline the day before surgery. */
  protected readonly today = signal(todayIso());
  protected readonly form = inject(NonNullableFormBuilder).group({
    mode: ['paper' as StaffResponseMode, Validators.required],
    collectedAt: [todayIso(), Validators.required],
    legPain: [null as number | null],
    backPain: [null as number | null],
    walkingDistance: [null as number | null],
    satisfaction: [null as number | null],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly fieldErrors = signal<Partial<Record<string, string>>>({});

  protected readonly timepointLabel = computed(() => TIMEPOINT_LABELS[this.invitation().timepoint].toLowerCase());
  /** Satisfaction is asked after surgery only. */
  protected readonly postOp = computed(() => this.invitation().timepoint !== 'baseline');

  private readonly settings = inject(SettingsService);
  private readonly destroyRef = inject(DestroyRef);

  // In ngOnInit, not the constructor: cached settings arrive synchronously, before inputs are set.
  ngOnInit(): void {
    this.form.controls.mode.setValue(this.mode());
    this.settings
      .get()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ clinicTimezone }) => {
        const today = dayInZone(Date.now(), clinicTimezone);
        // A baseline is collected before the day of surgery: its last possible day is the window's last open day.
        const invitation = this.invitation();
        const beforeSurgery = lastOpenDay(invitation.closesAt, clinicTimezone);
        const day = invitation.timepoint === 'baseline' && beforeSurgery < today ? beforeSurgery : today;
        this.today.set(day);
        const collectedAt = this.form.controls.collectedAt;
        if (!collectedAt.dirty) collectedAt.setValue(day);
      });
  }

  protected errorFor(field: string): string | null {
    return this.fieldErrors()[field] ?? null;
  }

  protected submit(): void {
    const value = this.form.getRawValue();
    const answers: Answers = {
      legPain: value.legPain,
      backPain: value.backPain,
      walkingDistance: value.walkingDistance,
    };
    if (this.postOp()) answers.satisfaction = value.satisfaction;
    this.fieldErrors.set({});
    if (!value.collectedAt) {
      this.fieldErrors.set({ collectedAt: 'Enter the date the answers were collected.' });
      return;
    }
    if (Object.values(answers).every((v) => v === null)) {
      this.error.set('Enter at least one answer.');
      return;
    }
    this.error.set(null);
    this.busy.set(true);
    this.invitations
      .recordResponse(this.invitation().id, { answers, mode: value.mode, collectedAt: value.collectedAt })
      .subscribe({
        next: () => {
          this.busy.set(false);
          this.saved.emit();
        },
        error: (err: unknown) => {
          const parsed = parseApiError(err);
          this.busy.set(false);
          this.fieldErrors.set(parsed.fields);
          this.error.set(formErrorSummary(parsed, Object.keys(this.form.controls)));
        },
      });
  }
}
