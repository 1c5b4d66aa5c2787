import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';

/** What a survey path shows: the token is the patient's only credential, never log it. */
export type SurveyView =
  | { page: 'survey'; token: string }
  | { page: 'thanks'; token: string }
  | { page: 'optOut'; token: string }
  | { page: 'notFound' };

/**
 * The survey's own paths, without the Angular router (the survey is its own small app,
 * survey-main.ts): /s/:token, /s/:token/thanks, /s/:token/opt-out; anything else under /s/ is an
 * unknown link. The server sends survey.html for every /s/ path.
 */
export function surveyView(pathname: string): SurveyView {
  const match = /^\/s\/([^/]+)(?:\/(thanks|opt-out))?\/?$/.exec(pathname);
  if (!match) return { page: 'notFound' };
  const token = decodeURIComponent(match[1]);
  return { page: match[2] === 'thanks' ? 'thanks' : match[2] === 'opt-out' ? 'optOut' : 'survey', token };
}

/** The page's path as a signal; the survey moves on (to its thank-you page) by replacing the history entry. */
@Injectable({ providedIn: 'root' })
export class SurveyLocation {
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly path = signal(this.window?.location.pathname ?? '/');
  readonly view = computed(() => surveyView(this.path()));

  constructor() {
    // Back and forward between survey paths (none is pushed today, but a patient's browser may have some).
    this.window?.addEventListener('popstate', () => this.path.set(this.window?.location.pathname ?? '/'));
  }

  /** Shows `path` in place of the current page, so Back does not return to a sent survey. */
  replace(path: string, state: unknown): void {
    this.window?.history.replaceState(state, '', path);
    this.path.set(path);
    this.window?.scrollTo(0, 0);
  }
}
