import type { Language } from './index';

/** The clinic that sends the surveys (CLINIC_NAME, CLINIC_PHONE): named in every message and on the survey page. */
export interface ClinicIdentity {
  name: string;
  phone: string;
}

/**
 * Why a survey link no longer works, on its 410 `SURVEY_CLOSED` body (additive): `opted_out` when the
 * patient asked for no more surveys, so the page can say how to re-join instead of "time has passed".
 */
export type SurveyClosedReason = 'opted_out' | 'stopped' | 'closed';

/** `PUT /public/surveys/:token/language`: the patient's choice on the survey page, kept for their later messages. */
export interface SurveyLanguageRequest {
  language: Language;
}

/** `POST /public/sms/inbound` (the SMS provider's webhook, `Authorization: Bearer SMS_INBOUND_SECRET`). */
export interface SmsInboundRequest {
  /** The sender's number as the provider gives it (E.164 preferred). */
  from: string;
  text: string;
}

/** A text a patient sent that is not a keyword (STOP, START, HELP), kept for staff on the patient's page. */
export interface SmsReplyView {
  id: string;
  receivedAt: string;
  text: string;
}
