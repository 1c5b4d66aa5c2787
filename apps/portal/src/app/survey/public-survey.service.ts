import { Injectable } from '@angular/core';
import { Answers, ApiError, ERROR_CODES, ErrorCode, Language, PublicSurveyView, SubmitAnswersRequest, SurveyLanguageRequest } from '@stride/contracts';

/** A call to /api/public/surveys that failed: the HTTP status (0: no answer) and the API's error body. */
export class SurveyApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ApiError> & Record<string, unknown>,
  ) {
    super(status === 0 ? 'The server could not be reached' : `The server answered ${status}`);
  }

  /** The API's stable code (DESIGN.md, "API contract"); `NETWORK` when there was no answer at all. */
  get code(): ErrorCode | 'NETWORK' | 'UNKNOWN' {
    if (this.status === 0) return 'NETWORK';
    const code = this.body.code;
    return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) ? code : 'UNKNOWN';
  }
}

/** The stable code of a failed survey call; `UNKNOWN` for anything that is not one. */
export function surveyErrorCode(err: unknown): ErrorCode | 'NETWORK' | 'UNKNOWN' {
  return err instanceof SurveyApiError ? err.code : 'UNKNOWN';
}

/**
 * Data access for /api/public/surveys: the patient's link is the only credential.
 * GET changes nothing (mail scanners prefetch links); "opened" is its own explicit call.
 * Plain fetch rather than HttpClient: the survey is its own small app, and on a patient's phone
 * HttpClient and the RxJS operators it brings cost a tenth of the script.
 */
@Injectable({ providedIn: 'root' })
export class PublicSurveyService {
  get(token: string): Promise<PublicSurveyView> {
    return this.call<PublicSurveyView>('GET', token, '');
  }

  markOpened(token: string): Promise<unknown> {
    return this.call('POST', token, '/opened', {});
  }

  /** `signal` aborts a save that a newer one has made stale. */
  saveAnswers(token: string, answers: Answers, signal?: AbortSignal): Promise<unknown> {
    const body: SubmitAnswersRequest = { answers };
    return this.call('PUT', token, '/answers', body, signal);
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

  submit(token: string, answers: Answers): Promise<unknown> {
    const body: SubmitAnswersRequest = { answers };
    return this.call('POST', token, '/responses', body);
  }

  /** The survey page's language switch: kept on the patient, so later messages come in it too. */
  setLanguage(token: string, language: Language): Promise<unknown> {
    const body: SurveyLanguageRequest = { language };
    return this.call('PUT', token, '/language', body);
  }

  /** The patient's own "no more surveys": stops every survey and reminder. Only a button press calls it. */
  optOut(token: string): Promise<unknown> {
    return this.call('POST', token, '/opt-out', {});
  }

  /** The parsed JSON answer (null when empty); a SurveyApiError for anything but 2xx or no answer. */
  private async call<T>(method: string, token: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let status = 0;
    let text = '';
    try {
      const response = await fetch(`${this.url(token)}${path}`, {
        method,
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
      status = response.status;
      text = await response.text();
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new SurveyApiError(0, {});
    }
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // A proxy's HTML error page: the status still says what happened.
    }
    if (status < 200 || status > 299) {
      throw new SurveyApiError(status, typeof parsed === 'object' && parsed !== null ? (parsed as SurveyApiError['body']) : {});
    }
    return parsed as T;
  }

  private url(token: string): string {
    return `/api/public/surveys/${encodeURIComponent(token)}`;
  }
}
