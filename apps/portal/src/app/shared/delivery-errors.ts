/**
 * A delivery error in words a coordinator can act on. The API keeps the transport's own text
 * ("SMTP 550: 5.1.1 user unknown", "connect ECONNREFUSED ..."); staff need to know what happened
 * and what to do, and IT needs the raw text, so both are kept.
 */
export interface PlainDeliveryError {
  plain: string;
  /** The transport's own words, when they say more than `plain`. */
  detail: string | null;
}

// `written`: the API's own sentence for people, so the raw text adds nothing.
const RULES: { test: RegExp; plain: string; written?: boolean }[] = [
  {
    test: /stopped after handing the message over/i,
    plain: 'The server stopped while sending, so the patient may or may not have the message. Check with the patient before resending.',
    written: true,
  },
  { test: /no email address or phone number/i, plain: 'No email address or phone number on file for this patient.', written: true },
  { test: /^SMTP 5\d\d/i, plain: 'The mail server refused the message. The email address may be wrong or no longer in use.' },
  { test: /^SMTP 4\d\d/i, plain: 'The mail server was busy and asked to try again later.' },
  { test: /^SMS provider answered (408|429)/i, plain: 'The SMS provider was busy and asked to try again later.' },
  { test: /^SMS provider answered 4\d\d/i, plain: 'The SMS provider refused the message. The phone number may be wrong.' },
  { test: /^SMS provider answered 5\d\d/i, plain: 'The SMS provider was not working when the message was sent.' },
  {
    test: /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ECONNRESET|timed? ?out|socket|greeting never received/i,
    plain: 'The mail or SMS service could not be reached (a connection problem on the clinic side, not the patient).',
  },
];

export function plainDeliveryError(raw: string | null | undefined): PlainDeliveryError | null {
  if (!raw) return null;
  for (const rule of RULES) {
    if (rule.test.test(raw)) return { plain: rule.plain, detail: rule.written ? null : raw };
  }
  return { plain: raw, detail: null };
}
