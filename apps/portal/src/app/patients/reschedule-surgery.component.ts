import { ChangeDetectionStrategy, Component, OnInit, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { SurgeryView } from '@stride/contracts';
import { formErrorSummary, parseApiError } from '../core/http/api-error';
import { SurgeriesService } from '../data-access/surgeries.service';

/** Moves a surgery to another date. The API moves only the invitations not yet sent (DESIGN.md, "Time points"). */
@Component({
  selector: 'stride-reschedule-surgery',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    form {
      border: 1px solid var(--border);
      border-left: 4px solid var(--primary);
      border-radius: var(--radius);
      padding: 1rem 1.25rem;
      margin: 0.75rem 0 0;
      background: #fbfdfe;
    }
    .field {
      max-width: 16rem;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      margin-top: 1rem;
    }
  `,
  template: `
    @let id = surgery().id;
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-labelledby]="'reschedule-' + id">
      <h3 [id]="'reschedule-' + id">Change the surgery date</h3>
      <p class="small">
        Only the surveys <strong>not yet sent</strong> move with the new date. Surveys already sent or answered
        keep their dates and windows.
      </p>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
      <div class="field">
        <label [for]="id + '-surgeryDate'">New surgery date</label>
        <input [id]="id + '-surgeryDate'" type="date" formControlName="surgeryDate" required
          [attr.aria-invalid]="fieldError() ? 'true' : null" [attr.aria-describedby]="id + '-surgeryDate-error'" />
        @if (fieldError(); as message) {
          <p class="field-error" [id]="id + '-surgeryDate-error'">{{ message }}</p>
        }
      </div>
      <div class="buttons">
        <button class="btn" type="submit" [disabled]="saving()">{{ saving() ? 'Saving…' : 'Save new date' }}</button>
        <button class="btn btn-secondary" type="button" (click)="closed.emit()">Cancel</button>
      </div>
    </form>
  `,
})
export class RescheduleSurgeryComponent implements OnInit {
  private readonly surgeries = inject(SurgeriesService);

  readonly surgery = input.required<SurgeryView>();
  readonly saved = output<SurgeryView>();
  readonly closed = output<void>();

  protected readonly form = inject(NonNullableFormBuilder).group({ surgeryDate: ['', Validators.required] });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldError = signal<string | null>(null);

  ngOnInit(): void {
    this.form.setValue({ surgeryDate: this.surgery().surgeryDate });
  }

  protected submit(): void {
    const { surgeryDate } = this.form.getRawValue();
    this.error.set(null);
    if (!surgeryDate) {
      this.fieldError.set('Enter the new surgery date.');
      return;
    }
    if (surgeryDate === this.surgery().surgeryDate) {
      this.fieldError.set('This is already the surgery date.');
      return;
    }
    this.fieldError.set(null);
    this.saving.set(true);
    this.surgeries.update(this.surgery().id, { surgeryDate }).subscribe({
      next: (surgery) => {
        this.saving.set(false);
        this.saved.emit(surgery);
      },
      error: (err: unknown) => {
        const parsed = parseApiError(err);
        this.saving.set(false);
        this.fieldError.set(parsed.fields['surgeryDate'] ?? null);
        this.error.set(parsed.fields['surgeryDate'] && Object.keys(parsed.fields).length === 1 ? null : formErrorSummary(parsed, ['surgeryDate']));
      },
    });
  }
}
