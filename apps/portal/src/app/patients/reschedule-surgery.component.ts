import { ScrollRegionDirective } from '../shared/scroll-region.directive';
import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ReschedulePreview, RescheduleEffect, SurgeryView } from '@stride/contracts';
import { catchError, debounceTime, distinctUntilChanged, filter, map, of, switchMap, tap } from 'rxjs';
import { ParsedApiError, formErrorSummary, parseApiError } from '../core/http/api-error';
import { SurgeriesService } from '../data-access/surgeries.service';
import { TIMEPOINT_LABELS } from '../shared/labels';

const EFFECT_LABELS: Record<RescheduleEffect, string> = {
  moves: 'Moves',
  opens: 'Opens again',
  closes: 'Closes',
  unchanged: 'Unchanged',
  answer_kept: 'Answer stays valid',
  answer_outside_window: 'Blocks the change',
};

/**
 * Moves a surgery to another date. Before anything is saved, the API's preview shows what the new
 * date does to each survey (moves, opens again, closes), and a date that would leave a recorded
 * answer outside its time point cannot be saved.
 */
@Component({
  selector: 'stride-reschedule-surgery',
  imports: [ReactiveFormsModule, ScrollRegionDirective],
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
    td.effect {
      white-space: nowrap;
      font-weight: 600;
    }
    tr.blocks td {
      color: var(--bad, #a61b1b);
    }
  `,
  template: `
    @let id = surgery().id;
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-labelledby]="'reschedule-' + id">
      <h3 [id]="'reschedule-' + id">Change the surgery date</h3>
      <p class="small">Pick the new date: what it does to each survey is shown below before anything is saved.</p>
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
      <div aria-live="polite">
        @if (preview(); as p) {
          <div class="table-wrap" strideScrollRegion="Effects of the date change, scrolls sideways">
            <table class="data">
              <caption class="small">If the surgery moves to {{ p.newSurgeryDate }}:</caption>
              <thead>
                <tr><th scope="col">Survey</th><th scope="col">Effect</th><th scope="col">Details</th></tr>
              </thead>
              <tbody>
                @for (c of p.changes; track c.timepoint) {
                  <tr [class.blocks]="c.effect === 'answer_outside_window'">
                    <th scope="row">{{ timepointLabels[c.timepoint] }}</th>
                    <td class="effect">{{ effectLabels[c.effect] }}</td>
                    <td class="small">{{ c.explanation }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          @if (!p.allowed) {
            <p class="alert alert-error">
              This date would leave recorded answers outside their time points, so it cannot be saved.
            </p>
          }
        }
      </div>
      <div class="buttons">
        <button class="btn" type="submit" [disabled]="saving() || !preview()?.allowed">{{ saving() ? 'Saving…' : 'Save new date' }}</button>
        <button class="btn btn-secondary" type="button" (click)="closed.emit()">Cancel</button>
      </div>
    </form>
  `,
})
export class RescheduleSurgeryComponent implements OnInit {
  private readonly surgeries = inject(SurgeriesService);
  private readonly destroyRef = inject(DestroyRef);

  readonly surgery = input.required<SurgeryView>();
  readonly saved = output<SurgeryView>();
  readonly closed = output<void>();

  protected readonly timepointLabels = TIMEPOINT_LABELS;
  protected readonly effectLabels = EFFECT_LABELS;
  protected readonly form = inject(NonNullableFormBuilder).group({ surgeryDate: ['', Validators.required] });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldError = signal<string | null>(null);
  protected readonly preview = signal<ReschedulePreview | null>(null);

  ngOnInit(): void {
    this.form.setValue({ surgeryDate: this.surgery().surgeryDate });
    this.form.controls.surgeryDate.valueChanges
      .pipe(
        debounceTime(250),
        distinctUntilChanged(),
        tap(() => {
          this.preview.set(null);
          this.fieldError.set(null);
          this.error.set(null);
        }),
        filter((date) => /^\d{4}-\d{2}-\d{2}$/.test(date) && date !== this.surgery().surgeryDate),
        switchMap((date) =>
          this.surgeries.previewReschedule(this.surgery().id, date).pipe(
            map((preview): ReschedulePreview | ParsedApiError => preview),
            catchError((err: unknown) => of(parseApiError(err))),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((outcome) => {
        if ('changes' in outcome) this.preview.set(outcome);
        else this.showError(outcome);
      });
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
        this.saving.set(false);
        this.showError(parseApiError(err));
      },
    });
  }

  private showError(parsed: ParsedApiError): void {
    this.fieldError.set(parsed.fields['surgeryDate'] ?? null);
    this.error.set(parsed.fields['surgeryDate'] && Object.keys(parsed.fields).length === 1 ? null : formErrorSummary(parsed, ['surgeryDate']));
  }
}
