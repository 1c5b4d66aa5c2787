import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { Title } from '@angular/platform-browser';
import { ClinicIdentity, Language } from '@stride/contracts';
import { SurveyFrameComponent } from './survey-frame.component';
import { SURVEY_TEXT, browserLanguage } from './survey-text';

export type SurveyNoticeKind = 'thanks' | 'notFound' | 'closed' | 'completed' | 'error' | 'rateLimited' | 'optedOut' | 'optedOutClosed' | 'stopped';

const ICONS: Record<SurveyNoticeKind, string> = {
  thanks: '✓',
  completed: '✓',
  optedOut: '✓',
  optedOutClosed: 'i',
  stopped: 'i',
  closed: 'i',
  notFound: '?',
  error: '!',
  rateLimited: '!',
};

/** A friendly full page for the survey's end states: thank-you, unknown, closed, already done, opted out. */
@Component({
  selector: 'stride-survey-notice',
  imports: [SurveyFrameComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .notice {
      text-align: center;
      padding-top: 2.5rem;
    }
    .icon {
      display: inline-grid;
      place-items: center;
      width: 4rem;
      height: 4rem;
      border-radius: 50%;
      background: var(--primary-soft);
      color: var(--primary-strong);
      font-size: 2rem;
      font-weight: 700;
      margin-bottom: 1rem;
    }
    .icon.ok {
      background: var(--ok-bg);
      color: var(--ok);
    }
    h1 {
      font-size: 1.6rem;
    }
    p {
      line-height: 1.6;
    }
    .btn {
      min-height: 3.25rem;
      padding: 0.75rem 1.5rem;
      font-size: 1.1rem;
      margin-top: 1rem;
    }
  `,
  template: `
    <stride-survey-frame [brand]="text().brand" [clinic]="clinicShown()" [language]="lang()">
      <div class="notice">
        <span class="icon" [class.ok]="ok()" aria-hidden="true">{{ icon() }}</span>
        <h1>{{ title() }}</h1>
        <p>{{ body() }}</p>
        @if (kind() === 'error' || kind() === 'rateLimited') {
          <button class="btn" type="button" (click)="retry.emit()">{{ text().retry }}</button>
        }
      </div>
    </stride-survey-frame>
  `,
})
export class SurveyNoticeComponent {
  /** The survey app's page (thank-you, unknown link) or the survey page's end state. */
  readonly kind = input<SurveyNoticeKind>('notFound');
  /** The survey's language when known; else the one the survey page passed on, else the phone's. */
  readonly language = input<Language | null>(null);
  /** The clinic to call, from the survey or the API's error body; else the one the survey page passed on. */
  readonly clinic = input<ClinicIdentity | null>(null);
  readonly retry = output<void>();

  private readonly document = inject(DOCUMENT);
  private readonly title$ = inject(Title);

  private readonly passed = this.document.defaultView?.history.state as { surveyLanguage?: Language; surveyClinic?: ClinicIdentity } | null;
  protected readonly lang = computed<Language>(() => this.language() ?? this.passed?.surveyLanguage ?? browserLanguage());
  protected readonly clinicShown = computed(() => this.clinic() ?? this.passed?.surveyClinic ?? null);
  protected readonly text = computed(() => SURVEY_TEXT[this.lang()]);
  protected readonly icon = computed(() => ICONS[this.kind()]);
  protected readonly ok = computed(() => ICONS[this.kind()] === '✓');
  protected readonly title = computed(() => this.text()[`${this.kind()}Title`]);
  protected readonly body = computed(() => this.text()[`${this.kind()}Body`]);

  constructor() {
    // Screen readers pronounce the page by <html lang>; the tab shows the page's own title.
    effect(() => {
      this.document.documentElement.lang = this.lang();
      this.title$.setTitle(this.title());
    });
  }
}
