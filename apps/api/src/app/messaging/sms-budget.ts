import { LANGUAGES, TIMEPOINTS, type ClinicIdentity } from '@stride/contracts';
import { composeInvitation, composeSmsReply, SMS_MAX_SEGMENTS, type SmsReplyKind } from './compose';
import { smsLength } from './sms-length';

/** A survey token has the real length (32 bytes in base64url: 43 characters); its value does not matter here. */
const SAMPLE_TOKEN = 'A'.repeat(43);
const REPLIES: SmsReplyKind[] = ['opted_out', 'resubscribed', 'help'];

/**
 * Every SMS Stride can send, composed with this clinic's name, phone and link base, and checked
 * against SMS_MAX_SEGMENTS. Config calls this at boot, so a name too long for one English segment
 * is refused before a patient is charged for (or confused by) a split message.
 * Returns one problem per language that does not fit, naming the variables to shorten.
 */
export function smsBudgetProblems(clinic: ClinicIdentity, publicBaseUrl: string, zone: string): string[] {
  const survey = `${publicBaseUrl}/s/${SAMPLE_TOKEN}`;
  const problems: string[] = [];
  for (const language of LANGUAGES) {
    const texts: string[] = REPLIES.map((kind) => composeSmsReply(clinic, kind, language));
    for (const timepoint of TIMEPOINTS) {
      for (const reminder of [false, true]) {
        const message = { channel: 'sms' as const, language, timepoint, reminder, zone, closesAt: new Date(Date.UTC(2026, 8, 30)) };
        texts.push(composeInvitation(clinic, { ...message, links: { survey, optOut: `${survey}/opt-out` } }).body);
      }
    }
    const worst = Math.max(...texts.map((text) => smsLength(text).segments));
    if (worst > SMS_MAX_SEGMENTS[language]) {
      const longest = Math.max(...texts.map((text) => text.length));
      problems.push(
        `CLINIC_NAME ("${clinic.name}", ${clinic.name.length} characters), CLINIC_PHONE and PUBLIC_BASE_URL together make ` +
          `the ${language === 'en' ? 'English' : 'Spanish'} survey SMS ${worst} segments (${longest} characters); ` +
          `at most ${SMS_MAX_SEGMENTS[language]} allowed. Shorten CLINIC_NAME or PUBLIC_BASE_URL`,
      );
    }
  }
  return problems;
}
