import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  OnInit,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { Answers, ApiError, ClinicIdentity, Language, PublicSurveyView, SurveyQuestion } from '@stride/contracts';
import { Subject, catchError, debounceTime, filter, map, of, switchMap, tap } from 'rxjs';
import { PublicSurveyService } from './public-survey.service';
import { SurveyFrameComponent } from './survey-frame.component';
import { SurveyLocation } from './survey-location';
import { SurveyNoticeComponent, SurveyNoticeKind } from './survey-notice.component';
import { SurveyQuestionComponent } from './survey-question.component';
import { SURVEY_TEXT, browserLanguage } from './survey-text';
import { clinicFrom, languageFrom, noticeFor } from './survey-errors';
import { apiErrorCode } from '../core/http/api-error';

type PageState = 'loading' | 'ready' | Exclude<SurveyNoticeKind, 'thanks'>;
type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

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

  private readonly saves = new Subject<void>();

  constructor() {
    effect(() => {
      const survey = this.survey();
      if (!survey) return;
      this.document.documentElement.lang = survey.language;
      this.title.setTitle(SURVEY_TEXT[survey.language].pageTitle);
    });

    // Each answer is saved shortly after it is given, so a patient who leaves can resume.
    this.saves
      .pipe(
        debounceTime(700),
        // Once the final submit has started, a late partial save could only collide with it.
        filter(() => !this.submitting()),
        tap(() => this.saveState.set('saving')),
        switchMap(() =>
          this.api.saveAnswers(this.token(), this.answers()).pipe(
            map(() => 'saved' as const),
            catchError((err: unknown) => of(err)),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((outcome) => {
        if (this.submitting()) return;
        if (outcome === 'saved') {
          this.dirty.set(false);
          this.saveState.set('saved');
          return;
        }
        const notice = noticeFor(outcome);
        if (notice === 'error' || notice === 'rateLimited' || notice === 'notFound') this.saveState.set('failed');
        else this.showEnd(outcome);
      });

    // Leaving the page (switching app, closing the tab) must not lose the last answer.
    const onHidden = (): void => {
      if (this.document.visibilityState === 'hidden' && this.dirty() && this.state() === 'ready') {
        this.api.saveAnswersOnExit(this.token(), this.answers());
      }
    };
    this.document.addEventListener('visibilitychange', onHidden);
    this.destroyRef.onDestroy(() => this.document.removeEventListener('visibilitychange', onHidden));
  }

  ngOnInit(): void {
    // "Opened" is recorded by this explicit call, never by the GET (mail scanners prefetch links).
    this.api.markOpened(this.token()).subscribe({ error: () => undefined });
    this.load();
  }

  protected load(): void {
    this.state.set('loading');
    this.api
      .get(this.token())
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (survey) => {
          this.survey.set(survey);
          this.clinic.set(survey.clinic);
          this.answers.set({ ...survey.savedAnswers });
          this.state.set('ready');
        },
        error: (err: unknown) => this.showEnd(err),
      });
  }

  /**
   * The language switch: the API keeps the choice on the patient (later messages come in it) and
   * the questions come back in it. Answers given so far stay: they are keyed by question, not words.
   */
  protected switchLanguage(language: Language): void {
    if (this.switching()) return;
    this.switching.set(true);
    this.api
      .setLanguage(this.token(), language)
      .pipe(
        switchMap(() => this.api.get(this.token())),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (survey) => {
          this.switching.set(false);
          this.survey.set(survey);
        },
        error: (err: unknown) => {
          this.switching.set(false);
          const notice = noticeFor(err);
          if (notice !== 'error' && notice !== 'rateLimited') this.showEnd(err);
          else this.submitError.set(notice === 'rateLimited' ? this.text().rateLimited : this.text().submitFailed);
        },
      });
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
    this.saves.next();
  }

  protected submit(): void {
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
    this.api.submit(this.token(), this.answers()).subscribe({
      next: () => {
        this.dirty.set(false);
        // The thank-you page, in place of the survey (Back does not return to a sent survey).
        this.location.replace(`/s/${encodeURIComponent(this.token())}/thanks`, { surveyLanguage: survey.language, surveyClinic: survey.clinic });
      },
      error: (err: unknown) => {
        this.submitting.set(false);
        const notice = noticeFor(err);
        if (err instanceof HttpErrorResponse && apiErrorCode(err) === 'VALIDATION_FAILED') {
          this.showFieldErrors(err, survey);
        } else if (notice === 'error' || notice === 'rateLimited') {
          this.submitError.set(notice === 'rateLimited' ? this.text().rateLimited : this.text().submitFailed);
        } else {
          this.showEnd(err);
        }
      },
    });
  }

  /** The API's messages are for developers; the patient gets a plain sentence in their language. */
  private showFieldErrors(err: HttpErrorResponse, survey: PublicSurveyView): void {
    const body = (err.error ?? {}) as Partial<ApiError>;
    const ids = new Set(survey.questions.map((q) => q.id as string));
    const errors: Partial<Record<keyof Answers, string>> = {};
    for (const fieldError of body.errors ?? []) {
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
