import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, effect, inject, input, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { ClinicIdentity, Language } from '@stride/contracts';
import { PublicSurveyService, surveyErrorCode } from './public-survey.service';
import { SurveyFrameComponent } from './survey-frame.component';
import { SurveyNoticeComponent } from './survey-notice.component';
import { SURVEY_TEXT, browserLanguage } from './survey-text';
import { clinicFrom, languageFrom, noticeFor } from './survey-errors';

type OptOutState = 'loading' | 'ready' | 'sending' | 'failed' | 'rateLimited' | 'done' | 'notFound';

/**
 * `/s/:token/opt-out`, the link at the foot of every survey message. Opening it changes nothing
 * (mail scanners prefetch links): only the button posts. The survey's GET gives the patient's
 * language while the link is open; once it has closed the page follows the phone, with a switch.
 */
@Component({
  selector: 'stride-opt-out-page',
  imports: [SurveyFrameComponent, SurveyNoticeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .switch {
      display: flex;
      justify-content: flex-end;
      margin: -0.5rem 0 0.75rem;
    }
    .switch button {
      min-height: 2.75rem;
      min-width: 2.75rem;
      padding: 0.4rem 0.75rem;
      border: 0;
      background: none;
      color: var(--primary);
      font-size: 1rem;
      text-decoration: underline;
      cursor: pointer;
    }
    h1 {
      font-size: 1.6rem;
      margin-bottom: 0.75rem;
    }
    p {
      line-height: 1.6;
    }
    .stop {
      display: block;
      width: 100%;
      min-height: 3.5rem;
      margin: 1.75rem 0 1rem;
      border: 0;
      border-radius: 10px;
      background: var(--primary);
      color: #fff;
      font-size: 1.2rem;
      font-weight: 700;
      cursor: pointer;
    }
    .stop:hover {
      background: var(--primary-strong);
    }
    .stop:disabled {
      opacity: 0.65;
      cursor: progress;
    }
    .failed {
      color: var(--bad);
      font-weight: 600;
      background: var(--bad-bg);
      border-radius: 8px;
      padding: 0.65rem 0.85rem;
    }
    .keep {
      color: var(--muted);
      text-align: center;
    }
    .loading {
      padding-top: 2rem;
      text-align: center;
      color: var(--muted);
    }
  `,
  template: `
    @switch (state()) {
      @case ('done') {
        <stride-survey-notice kind="optedOut" [language]="lang()" [clinic]="clinic()" />
      }
      @case ('notFound') {
        <stride-survey-notice kind="notFound" [language]="lang()" [clinic]="clinic()" />
      }
      @case ('loading') {
        <stride-survey-frame [brand]="text().brand" [clinic]="clinic()" [language]="lang()">
          <p class="loading" role="status">{{ text().loading }}</p>
        </stride-survey-frame>
      }
      @default {
        <stride-survey-frame [brand]="text().brand" [clinic]="clinic()" [language]="lang()">
          @if (!surveyLanguage()) {
            <div class="switch">
              <button type="button" [attr.lang]="otherLang()" (click)="chosen.set(otherLang())">{{ text().otherLanguage }}</button>
            </div>
          }
          <h1>{{ text().optOutTitle }}</h1>
          <p>{{ text().optOutBody }}</p>
          <button class="stop" type="button" [disabled]="state() === 'sending'" (click)="optOut()">
            {{ state() === 'sending' ? text().optOutSending : text().optOutButton }}
          </button>
          @if (state() === 'failed') {
            <p class="failed" role="alert">{{ text().optOutFailed }}</p>
          } @else if (state() === 'rateLimited') {
            <p class="failed" role="alert">{{ text().rateLimited }}</p>
          }
          <p class="keep">{{ text().optOutKeep }}</p>
        </stride-survey-frame>
      }
    }
  `,
})
export class OptOutPageComponent implements OnInit {
  private readonly api = inject(PublicSurveyService);
  private readonly document = inject(DOCUMENT);
  private readonly title = inject(Title);
  /** Set once the page is gone: answers that arrive later change nothing. */
  private destroyed = false;

  /** The link token, from the path. It is the patient's only credential: never log it. */
  readonly token = input.required<string>();

  protected readonly state = signal<OptOutState>('loading');
  /** Known while the survey link is still open. */
  protected readonly surveyLanguage = signal<Language | null>(null);
  /** The clinic to call, from the survey or the API's error body. */
  protected readonly clinic = signal<ClinicIdentity | null>(null);
  /** The patient's own pick on the switch. */
  protected readonly chosen = signal<Language | null>(null);

  protected readonly lang = computed<Language>(() => this.chosen() ?? this.surveyLanguage() ?? browserLanguage());
  protected readonly otherLang = computed<Language>(() => (this.lang() === 'es' ? 'en' : 'es'));
  protected readonly text = computed(() => SURVEY_TEXT[this.lang()]);

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.destroyed = true));
    // The end pages set their own language and title.
    effect(() => {
      const state = this.state();
      if (state === 'done' || state === 'notFound') return;
      this.document.documentElement.lang = this.lang();
      this.title.setTitle(this.text().optOutTitle);
    });
  }

  async ngOnInit(): Promise<void> {
    // Read-only: the GET tells the language and whether the link exists. No "opened" call here.
    try {
      const survey = await this.api.get(this.token());
      if (this.destroyed) return;
      this.surveyLanguage.set(survey.language);
      this.clinic.set(survey.clinic);
      this.state.set('ready');
    } catch (err) {
      if (this.destroyed) return;
      // Closed (410) or completed (409) links still stop the surveys: only an unknown one ends here,
      // and one whose patient already opted out goes straight to the confirmation.
      this.clinic.set(clinicFrom(err));
      this.surveyLanguage.set(languageFrom(err));
      const notice = noticeFor(err);
      this.state.set(notice === 'notFound' ? 'notFound' : notice === 'optedOutClosed' ? 'done' : 'ready');
    }
  }

  protected async optOut(): Promise<void> {
    if (this.state() === 'sending') return;
    this.state.set('sending');
    try {
      await this.api.optOut(this.token());
    } catch (err) {
      const code = surveyErrorCode(err);
      if (!this.destroyed) this.state.set(code === 'NOT_FOUND' ? 'notFound' : code === 'RATE_LIMITED' ? 'rateLimited' : 'failed');
      return;
    }
    if (this.destroyed) return;
    this.state.set('done');
    // The button is gone: bring screen readers and keyboards to the confirmation.
    setTimeout(() => this.document.getElementById('main')?.focus());
  }
}
