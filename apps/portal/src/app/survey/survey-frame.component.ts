import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { ClinicIdentity, Language } from '@stride/contracts';
import { SURVEY_TEXT } from './survey-text';

/**
 * The patient-facing page frame: one calm column, no clinician chrome. It names the clinic and
 * ends with the number to call (from the API, CLINIC_NAME and CLINIC_PHONE), and offers the
 * language switch where the page can act on it.
 */
@Component({
  selector: 'stride-survey-frame',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
      min-height: 100vh;
      background: #fff;
    }
    header {
      border-bottom: 1px solid var(--border);
      background: var(--primary-soft);
    }
    .bar {
      display: flex;
      align-items: center;
      justify-content: space-between;
      /* With large text on a narrow phone the language switch goes under the clinic's name. */
      flex-wrap: wrap;
      gap: 0.75rem;
      max-width: 36rem;
      margin: 0 auto;
      padding: 0.6rem 1rem;
    }
    .who {
      min-width: 0;
      overflow-wrap: anywhere;
      margin: 0;
      color: var(--primary-strong);
      line-height: 1.3;
    }
    .who strong {
      display: block;
      font-size: 1.05rem;
    }
    .who span {
      font-size: 0.95rem;
    }
    .switch {
      flex: none;
      min-height: 2.75rem;
      min-width: 2.75rem;
      padding: 0.4rem 0.85rem;
      border: 1px solid var(--primary);
      border-radius: 999px;
      background: #fff;
      color: var(--primary-strong);
      font-size: 1rem;
      font-weight: 600;
      cursor: pointer;
    }
    .switch:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    main {
      max-width: 36rem;
      margin: 0 auto;
      padding: 1.25rem 1rem 2rem;
      font-size: 1.125rem;
    }
    .contact {
      max-width: 36rem;
      margin: 0 auto;
      padding: 1rem 1rem 3rem;
      border-top: 1px solid var(--border);
      color: var(--muted);
      line-height: 1.5;
    }
    .contact a {
      color: var(--primary-strong);
      font-weight: 700;
      white-space: nowrap;
    }
  `,
  template: `
    <header>
      <div class="bar">
        <p class="who">
          @if (clinic(); as c) {
            <strong>{{ c.name }}</strong>
          }
          <span>{{ brand() }}</span>
        </p>
        @if (switchTo(); as to) {
          <button class="switch" type="button" [attr.lang]="to" [attr.aria-label]="switchAria()" [disabled]="switching()" (click)="languageChange.emit(to)">
            {{ otherName() }}
          </button>
        }
      </div>
    </header>
    <main id="main" tabindex="-1">
      <ng-content />
    </main>
    @if (clinic(); as c) {
      <footer class="contact">
        {{ contactText() }} <a [href]="'tel:' + dialable()">{{ c.phone }}</a>.
      </footer>
    }
  `,
})
export class SurveyFrameComponent {
  readonly brand = input.required<string>();
  readonly clinic = input<ClinicIdentity | null>(null);
  /** The page's language: the footer's words, and the switch's other language. */
  readonly language = input<Language>('en');
  /** Show the language switch (the survey page, where the choice is saved for the patient). */
  readonly canSwitch = input(false);
  readonly switching = input(false);
  readonly languageChange = output<Language>();

  protected readonly switchTo = computed<Language | null>(() => (this.canSwitch() ? (this.language() === 'es' ? 'en' : 'es') : null));
  protected readonly otherName = computed(() => SURVEY_TEXT[this.language()].otherLanguage);
  protected readonly switchAria = computed(() => `${SURVEY_TEXT[this.language()].switchLabel}: ${this.otherName()}`);
  protected readonly contactText = computed(() => SURVEY_TEXT[this.language()].contact(this.clinic()?.name ?? ''));
  protected readonly dialable = computed(() => (this.clinic()?.phone ?? '').replace(/[^0-9+]/g, ''));
}
