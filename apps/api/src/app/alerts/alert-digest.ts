import type { AlertKind } from '@stride/contracts';
import type { ComposedMessage } from '../messaging/compose';

export interface DigestLine {
  givenName: string;
  familyName: string;
  timepoint: string;
  kind: AlertKind;
}

const KIND_WORDS: Record<AlertKind, string> = {
  leg_pain_worse: 'leg pain worse than before surgery',
  walking_worse: 'walking distance much shorter than before surgery',
  dissatisfied: 'dissatisfied with the result',
};

const TIMEPOINT_WORDS: Record<string, string> = { '2w': '2 weeks', '6w': '6 weeks', '3m': '3 months', '6m': '6 months', '12m': '12 months', '24m': '24 months' };

const MAX_LINES = 20;

/**
 * The daily email to a surgeon about their open alerts. Email is not a safe place for health
 * records, so a patient appears only as a first name and family initial, with the time point and
 * the kind of alert; no scores, no MRN, no dates of birth or surgery. The details are behind the
 * sign-in on the alerts page the mail links to.
 */
export function composeAlertDigest(surgeonName: string, lines: DigestLine[], alertsUrl: string): ComposedMessage {
  const count = lines.length;
  const shown = lines.slice(0, MAX_LINES).map((line) => {
    const initial = line.familyName.trim().charAt(0).toUpperCase();
    const who = `${line.givenName.trim()}${initial ? ` ${initial}.` : ''}`;
    return `- ${who}, ${TIMEPOINT_WORDS[line.timepoint] ?? line.timepoint}: ${KIND_WORDS[line.kind]}`;
  });
  if (count > MAX_LINES) shown.push(`- and ${count - MAX_LINES} more`);
  return {
    subject: `Stride: ${count} open alert${count === 1 ? '' : 's'} on your patients`,
    body: [
      `Dear ${surgeonName},`,
      '',
      `${count === 1 ? 'One follow-up answer' : `${count} follow-up answers`} from your patients ${count === 1 ? 'is' : 'are'} worse than expected after surgery and not yet acknowledged:`,
      '',
      ...shown,
      '',
      `Review and acknowledge them on the alerts page (sign-in required): ${alertsUrl}`,
      '',
      'Patients are named by first name and initial only; the details are in Stride.',
      'You get this email once a day while you have open alerts.',
    ].join('\n'),
  };
}
