/**
 * The keywords a reply may be (CTIA messaging principles; FCC TCPA rules of 2024 name these opt-out
 * words): any case, surrounding spaces ignored, the whole message being the word.
 */
const STOP_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPT OUT'];
const START_WORDS = ['START'];
const HELP_WORDS = ['HELP'];

export type SmsKeyword = 'stop' | 'start' | 'help' | 'other';

export function smsKeyword(text: string): SmsKeyword {
  const word = text.trim().replace(/\s+/g, ' ').toUpperCase();
  if (STOP_WORDS.includes(word)) return 'stop';
  if (START_WORDS.includes(word)) return 'start';
  if (HELP_WORDS.includes(word)) return 'help';
  return 'other';
}
