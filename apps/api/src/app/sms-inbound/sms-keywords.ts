/**
 * The keywords a reply may be (CTIA messaging principles; FCC TCPA rules of 2024 name these opt-out
 * words), with the Spanish ones US carriers honour for Spanish-speaking subscribers: any case,
 * accents and surrounding spaces ignored, the whole message being the word. Punctuation around it
 * ("Stop.", "STOP!!") does not hide it: a patient who writes that means it.
 */
const STOP_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPT OUT', 'PARAR', 'ALTO', 'DETENER', 'CANCELAR', 'BAJA'];
const START_WORDS = ['START', 'UNSTOP'];
const HELP_WORDS = ['HELP', 'INFO', 'AYUDA'];

export type SmsKeyword = 'stop' | 'start' | 'help' | 'other';

export function smsKeyword(text: string): SmsKeyword {
  const word = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .replace(/[\s-]+/g, ' ')
    .toUpperCase();
  if (STOP_WORDS.includes(word)) return 'stop';
  if (START_WORDS.includes(word)) return 'start';
  if (HELP_WORDS.includes(word)) return 'help';
  return 'other';
}
