import { ClinicIdentity, Language, SurveyClosedReason } from '@stride/contracts';
import { SurveyApiError, surveyErrorCode } from './public-survey.service';
import { SurveyNoticeKind } from './survey-notice.component';

/** The link's end states, as the API reports them (DESIGN.md, "API contract"): by `code`, and for 410 by `reason`. */
export function noticeFor(err: unknown): Exclude<SurveyNoticeKind, 'thanks'> {
  switch (surveyErrorCode(err)) {
    case 'NOT_FOUND':
      return 'notFound';
    case 'SURVEY_CLOSED': {
      const reason = errorBody(err)['reason'] as SurveyClosedReason | undefined;
      return reason === 'opted_out' ? 'optedOutClosed' : reason === 'stopped' ? 'stopped' : 'closed';
    }
    case 'SURVEY_COMPLETED':
      return 'completed';
    // Too many tries in a minute: the patient should wait, not check their connection.
    case 'RATE_LIMITED':
      return 'rateLimited';
    default:
      return 'error';
  }
}

/** The clinic the API names on a survey link's error pages, when it answered at all. */
export function clinicFrom(err: unknown): ClinicIdentity | null {
  const clinic = errorBody(err)['clinic'] as Partial<ClinicIdentity> | undefined;
  return typeof clinic?.name === 'string' && typeof clinic.phone === 'string' ? { name: clinic.name, phone: clinic.phone } : null;
}

/** The patient's language, which the API tells on the end pages of a link it knows. */
export function languageFrom(err: unknown): Language | null {
  const language = errorBody(err)['language'];
  return language === 'en' || language === 'es' ? language : null;
}

function errorBody(err: unknown): Record<string, unknown> {
  return err instanceof SurveyApiError ? err.body : {};
}
