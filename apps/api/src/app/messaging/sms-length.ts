import { SegmentedMessage } from 'sms-segments-calculator';

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

/**
 * How many SMS segments a text costs, by Twilio's maintained calculator: GSM-7 (with its extension
 * table, whose characters count twice) at 160 characters in one segment and 153 per part when
 * concatenated; UCS-2 as soon as one character is outside GSM-7, at 70 and 67.
 */
export function smsLength(text: string): SmsLength {
  const message = new SegmentedMessage(text);
  return { encoding: message.encodingName, segments: message.segmentsCount };
}

function isGsm7(char: string): boolean {
  return new SegmentedMessage(char).encodingName === 'GSM-7';
}

/**
 * The text as the patient's phone will show it, in GSM-7 only: one accented letter outside GSM-7
 * (í, á, ó, ú: common in Spanish clinic names) would turn the whole message into UCS-2 and more
 * than double its segments. Curly quotes and dashes become their plain forms (the provider's
 * "smart encoding" map); other letters lose the accent GSM-7 cannot carry (í -> i), keeping the
 * ones it can (é, ñ, ü). Characters with no plain form are dropped.
 */
export function toGsm7(text: string): string {
  const plain = new SegmentedMessage(text, 'auto', true).graphemes.join('');
  let out = '';
  for (const char of plain) {
    if (isGsm7(char)) {
      out += char;
      continue;
    }
    const stripped = char.normalize('NFD').replace(/\p{M}/gu, '');
    out += [...stripped].filter(isGsm7).join('');
  }
  return out;
}
