import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Answers, Language, PublicSurveyView, SubmitAnswersRequest, SurveyLanguageRequest } from '@stride/contracts';
import { Observable } from 'rxjs';

/**
 * Data access for /api/public/surveys: the patient's link is the only credential.
 * GET changes nothing (mail scanners prefetch links); "opened" is its own explicit call.
 */
@Injectable({ providedIn: 'root' })
export class PublicSurveyService {
  private readonly http = inject(HttpClient);

  get(token: string): Observable<PublicSurveyView> {
    return this.http.get<PublicSurveyView>(this.url(token));
  }

  markOpened(token: string): Observable<unknown> {
    return this.http.post<unknown>(`${this.url(token)}/opened`, {});
  }

  saveAnswers(token: string, answers: Answers): Observable<unknown> {
    const body: SubmitAnswersRequest = { answers };
    return this.http.put<unknown>(`${this.url(token)}/answers`, body);
  }

  /** Last-chance save as the page is hidden or closed: keepalive lets it outlive the page. */
  saveAnswersOnExit(token: string, answers: Answers): void {
    const body: SubmitAnswersRequest = { answers };
    void fetch(`${this.url(token)}/answers`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      keepalive: true,
    }).catch(() => undefined);
  }

  submit(token: string, answers: Answers): Observable<unknown> {
    const body: SubmitAnswersRequest = { answers };
    return this.http.post<unknown>(`${this.url(token)}/responses`, body);
  }

  /** The survey page's language switch: kept on the patient, so later messages come in it too. */
  setLanguage(token: string, language: Language): Observable<unknown> {
    const body: SurveyLanguageRequest = { language };
    return this.http.put<unknown>(`${this.url(token)}/language`, body);
  }

  /** The patient's own "no more surveys": stops every survey and reminder. Only a button press calls it. */
  optOut(token: string): Observable<unknown> {
    return this.http.post<unknown>(`${this.url(token)}/opt-out`, {});
  }

  private url(token: string): string {
    return `/api/public/surveys/${encodeURIComponent(token)}`;
  }
}
