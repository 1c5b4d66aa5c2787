import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { SurveyQuestion } from '@stride/contracts';

interface Option {
  value: number;
  /** Shown on the button: the number on a scale, the bin text on a list. */
  label: string;
  /** What a screen reader says: "0, No pain" on a scale. */
  accessibleName: string;
}

/**
 * One question as a radio group inside a fieldset, so a screen reader reads the question with
 * every choice. Each choice is a large button-like target (>= 48px) for thumbs.
 *  - list: every value has a label (walking-distance bins, satisfaction): one full-width row each;
 *  - scale: labels only on the anchors (NRS 0-10): a grid of numbers with the anchors below.
 */
@Component({
  selector: 'stride-survey-question',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './survey-question.component.css',
  template: `
    @let q = question();
    <fieldset
      [id]="'q-' + q.id"
      [attr.aria-invalid]="error() ? 'true' : null"
      [attr.aria-describedby]="error() ? 'q-' + q.id + '-error' : null"
      [class.has-error]="!!error()"
    >
      <legend>
        <span class="count">{{ counter() }}</span>
        <span class="text">{{ q.text }}</span>
      </legend>
      @if (error(); as message) {
        <p class="error" [id]="'q-' + q.id + '-error'">{{ message }}</p>
      }
      <div class="options" [class.scale]="isScale()" [class.list]="!isScale()">
        @for (opt of options(); track opt.value) {
          <label class="option">
            <input
              type="radio"
              [name]="q.id"
              [value]="opt.value"
              [checked]="value() === opt.value"
              [attr.aria-label]="isScale() ? opt.accessibleName : null"
              (change)="answer.emit(opt.value)"
            />
            <span class="face">
              @if (!isScale()) {
                <span class="tick" aria-hidden="true"></span>
              }
              {{ opt.label }}
            </span>
          </label>
        }
      </div>
      @if (isScale() && anchors().length > 0) {
        <div class="anchors" aria-hidden="true">
          @for (a of anchors(); track a.value) {
            <span>{{ a.value }} = {{ a.label }}</span>
          }
        </div>
      }
    </fieldset>
  `,
})
export class SurveyQuestionComponent {
  readonly question = input.required<SurveyQuestion>();
  readonly value = input<number | null | undefined>(null);
  readonly error = input<string | null>(null);
  readonly counter = input('');
  readonly answer = output<number>();

  private readonly values = computed(() => {
    const { min, max } = this.question();
    return Array.from({ length: max - min + 1 }, (_, i) => min + i);
  });

  protected readonly isScale = computed(() => {
    const labelled = new Set(this.question().labels.map((l) => l.value));
    return !this.values().every((v) => labelled.has(v));
  });

  protected readonly anchors = computed(() => [...this.question().labels].sort((a, b) => a.value - b.value));

  protected readonly options = computed<Option[]>(() => {
    const labels = new Map(this.question().labels.map((l) => [l.value, l.label]));
    return this.values().map((value) => {
      const label = labels.get(value);
      return {
        value,
        label: this.isScale() ? String(value) : (label ?? String(value)),
        accessibleName: label ? `${value}, ${label}` : String(value),
      };
    });
  });
}
