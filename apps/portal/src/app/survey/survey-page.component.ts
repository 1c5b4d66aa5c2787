import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, effect, inject, input, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { Answers, ClinicIdentity, Language, PublicSurveyView, SurveyQuestion } from '@stride/contracts';
import { PublicSurveyService, SurveyApiError } from './public-survey.service';
import { SurveyFrameComponent } from './survey-frame.component';
import { SurveyLocation } from './survey-location';
import { SurveyNoticeComponent, SurveyNoticeKind } from './survey-notice.component';
import { SurveyQuestionComponent } from './survey-question.component';
import { SURVEY_TEXT, browserLanguage } from './survey-text';
import { clinicFrom, languageFrom, noticeFor } from './survey-errors';

type PageState = 'loading' | 'ready' | Exclude<SurveyNoticeKind, 'thanks'>;
type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** How long after the last answer it is saved: one save for a burst of taps. */
const SAVE_DELAY_MS = 700;

/** The patient's survey: resumable (answers saved as they are given), then one final submit. */
@Component({
  selector: 'stride-survey-page',
  imports: [SurveyFrameComponent, SurveyNoticeComponent, SurveyQuestionComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './survey-page.component.css',
  template: `
    @switch (state()) {
      @case ('loading') {
        <stride-survey-frame [brand]="text().brand" [clinic]="clinic()" [language]="lang()">
          <p class="loading" role="status">{{ text().loading }}</p>
        </stride-survey-frame>
      }
      @case ('ready') {
        @if (survey(); as s) {
          <stride-survey-frame
            [brand]="text().brand"
            [clinic]="s.clinic"
            [language]="s.language"
            [canSwitch]="true"
            [switching]="switching()"
            (languageChange)="switchLanguage($event)"
          >
            <h1>{{ text().timepointHeading[s.timepoint] }}</h1>
            <p class="intro">{{ text().intro }}</p>
            <form (submit)="$event.preventDefault(); submit()" novalidate>
              @for (q of s.questions; track q.id; let i = $index) {
                <stride-survey-question
                  [question]="q"
                  [value]="answers()[q.id]"
                  [error]="errors()[q.id] ?? null"
                  [counter]="text().questionOf(i + 1, s.questions.length)"
                  (answer)="setAnswer(q, $event)"
                />
              }
              @if (submitError(); as message) {
                <p class="submit-error" role="alert">{{ message }}</p>
              }
              <button class="submit" type="submit" [disabled]="submitting()">
                {{ submitting() ? text().submitting : text().submit }}
              </button>
              <p class="save-state" role="status" aria-live="polite">{{ saveMessage() }}</p>
            </form>
          </stride-survey-frame>
        }
      }
      @default {
        <stride-survey-notice [kind]="notice()" [language]="survey()?.language ?? endLanguage()" [clinic]="clinic()" (retry)="load()" />
      }
    }
  `,
})
export class SurveyPageComponent implements OnInit {
  private readonly api = inject(PublicSurveyService);
  private readonly location = inject(SurveyLocation);
  private readonly document = inject(DOCUMENT);
  private readonly title = inject(Title);
  private readonly destroyRef = inject(DestroyRef);

  /** The link token, from the path. It is the patient's only credential: never log it. */
  readonly token = input.required<string>();

  protected readonly state = signal<PageState>('loading');
  protected readonly survey = signal<PublicSurveyView | null>(null);
  protected readonly answers = signal<Answers>({});
  protected readonly errors = signal<Partial<Record<keyof Answers, string>>>({});
  protected readonly submitting = signal(false);
  protected readonly submitError = signal<string | null>(null);
  /** The clinic to call: from the survey, or from the API's error body when the link does not work. */
  protected readonly clinic = signal<ClinicIdentity | null>(null);
  protected readonly switching = signal(false);
  /** The patient's language as the API told it on an error (a closed or completed link). */
  protected readonly endLanguage = signal<Language | null>(null);
  private readonly saveState = signal<SaveState>('idle');
  private readonly dirty = signal(false);

  protected readonly lang = computed<Language>(() => this.survey()?.language ?? browserLanguage());
  protected readonly text = computed(() => SURVEY_TEXT[this.lang()]);
  protected readonly notice = computed(() => {
    const state = this.state();
    return state === 'loading' || state === 'ready' ? 'error' : state;
  });
  protected readonly saveMessage = computed(() => {
    switch (this.saveState()) {
      case 'saving':
        return this.text().saving;
      case 'saved':
        return this.text().saved;
      case 'failed':
        return this.text().saveFailed;
      default:
        return '';
    }
  });

  /** Set once the page is gone: answers that arrive later change nothing. */
  private destroyed = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The save under way; a newer one aborts it, so only the latest answers' outcome is shown. */
  private saving: AbortController | null = null;

  constructor() {
    effect(() => {
      const survey = this.survey();
      if (!survey) return;
      this.document.documentElement.lang = survey.language;
      this.title.setTitle(SURVEY_TEXT[survey.language].pageTitle);
    });

    // Leaving the page (switching app, closing the tab) must not lose the last answer.
    const onHidden = (): void => {
      if (this.document.visibilityState === 'hidden' && this.dirty() && this.state() === 'ready') {
        this.api.saveAnswersOnExit(this.token(), this.answers());
      }
    };
    this.document.addEventListener('visibilitychange', onHidden);
    this.destroyRef.onDestroy(() => {
      this.destroyed = true;
      clearTimeout(this.saveTimer);
      this.saving?.abort();
      this.document.removeEventListener('visibilitychange', onHidden);
    });
  }

  ngOnInit(): void {
    // "Opened" is recorded by this explicit call, never by the GET (mail scanners prefetch links).
    this.api.markOpened(this.token()).catch(() => undefined);
    this.load();
  }

  protected async load(): Promise<void> {
    this.state.set('loading');
    try {
      const survey = await this.api.get(this.token());
      if (this.destroyed) return;
      this.survey.set(survey);
      this.clinic.set(survey.clinic);
      this.answers.set({ ...survey.savedAnswers });
      this.state.set('ready');
    } catch (err) {
      if (!this.destroyed) this.showEnd(err);
    }
  }

  /** Each answer is saved shortly after it is given, so a patient who leaves can resume. */
  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.save(), SAVE_DELAY_MS);
  }

  private async save(): Promise<void> {
    // Once the final submit has started, a late partial save could only collide with it.
    if (this.submitting()) return;
    this.saving?.abort();
    const saving = (this.saving = new AbortController());
    this.saveState.set('saving');
    let outcome: unknown = 'saved';
    try {
      await this.api.saveAnswers(this.token(), this.answers(), saving.signal);
    } catch (err) {
      outcome = err;
    }
    if (saving.signal.aborted || this.destroyed || this.submitting()) return;
    this.saving = null;
    if (outcome === 'saved') {
      this.dirty.set(false);
      this.saveState.set('saved');
      return;
    }
    const notice = noticeFor(outcome);
    if (notice === 'error' || notice === 'rateLimited' || notice === 'notFound') this.saveState.set('failed');
    else this.showEnd(outcome);
  }

  /**
   * The language switch: the API keeps the choice on the patient (later messages come in it) and
   * the questions come back in it. Answers given so far stay: they are keyed by question, not words.
   */
  protected async switchLanguage(language: Language): Promise<void> {
    if (this.switching()) return;
    this.switching.set(true);
    try {
      await this.api.setLanguage(this.token(), language);
      const survey = await this.api.get(this.token());
      if (this.destroyed) return;
      this.switching.set(false);
      this.survey.set(survey);
    } catch (err) {
      if (this.destroyed) return;
      this.switching.set(false);
      const notice = noticeFor(err);
      if (notice !== 'error' && notice !== 'rateLimited') this.showEnd(err);
      else this.submitError.set(notice === 'rateLimited' ? this.text().rateLimited : this.text().submitFailed);
    }
  }

  private showEnd(err: unknown): void {
    this.clinic.update((known) => clinicFrom(err) ?? known);
    this.endLanguage.update((known) => languageFrom(err) ?? known);
    this.state.set(noticeFor(err));
  }

  protected setAnswer(question: SurveyQuestion, value: number): void {
    this.answers.update((answers) => ({ ...answers, [question.id]: value }));
    this.errors.update((errors) => ({ ...errors, [question.id]: undefined }));
    this.submitError.set(null);
    this.dirty.set(true);
    this.scheduleSave();
  }

  protected async submit(): Promise<void> {
    const survey = this.survey();
    if (!survey || this.submitting()) return;
    const missing = survey.questions.filter((q) => q.required && this.answers()[q.id] == null);
    if (missing.length > 0) {
      this.errors.set(Object.fromEntries(missing.map((q) => [q.id, this.text().required])));
      this.submitError.set(this.text().missingSummary);
      this.focusQuestion(missing[0].id);
      return;
    }
    this.submitting.set(true);
    this.submitError.set(null);
    try {
      await this.api.submit(this.token(), this.answers());
    } catch (err) {
      if (this.destroyed) return;
      this.submitting.set(false);
      const notice = noticeFor(err);
      if (err instanceof SurveyApiError && err.code === 'VALIDATION_FAILED') {
        this.showFieldErrors(err, survey);
      } else if (notice === 'error' || notice === 'rateLimited') {
        this.submitError.set(notice === 'rateLimited' ? this.text().rateLimited : this.text().submitFailed);
      } else {
        this.showEnd(err);
      }
      return;
    }
    if (this.destroyed) return;
    this.dirty.set(false);
    // The thank-you page, in place of the survey (Back does not return to a sent survey).
    this.location.replace(`/s/${encodeURIComponent(this.token())}/thanks`, { surveyLanguage: survey.language, surveyClinic: survey.clinic });
  }

  /** The API's messages are for developers; the patient gets a plain sentence in their language. */
  private showFieldErrors(err: SurveyApiError, survey: PublicSurveyView): void {
    const ids = new Set(survey.questions.map((q) => q.id as string));
    const errors: Partial<Record<keyof Answers, string>> = {};
    for (const fieldError of err.body.errors ?? []) {
      const id = fieldError.field.replace(/^answers\./, '');
      if (!ids.has(id)) continue;
      const key = id as keyof Answers;
      errors[key] = this.answers()[key] == null ? this.text().required : this.text().invalid;
    }
    this.errors.set(errors);
    this.submitError.set(this.text().missingSummary);
    const first = survey.questions.find((q) => errors[q.id]);
    if (first) this.focusQuestion(first.id);
  }

  private focusQuestion(id: string): void {
    // After the error text has rendered, move focus to the first unanswered group.
    setTimeout(() => {
      const fieldset = this.document.getElementById(`q-${id}`);
      fieldset?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      fieldset?.querySelector<HTMLInputElement>('input')?.focus({ preventScroll: true });
    });
  }
}
