import { smsKeyword } from './sms-keywords';

describe('smsKeyword', () => {
  it.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['  Stop.  ', 'stop'],
    ['STOP!!', 'stop'],
    ['"stop"', 'stop'],
    ['Opt-out', 'stop'],
    ['opt   out', 'stop'],
    ['Parar', 'stop'],
    ['BAJA.', 'stop'],
    ['start', 'start'],
    ['Unstop', 'start'],
    ['help?', 'help'],
    ['Ayuda', 'help'],
    ['ayúda', 'help'],
  ])('%j is %s', (text, keyword) => {
    expect(smsKeyword(text)).toBe(keyword);
  });

  it.each([
    'please stop sending these',
    'Stop it, I already answered',
    "don't stop",
    'stopped',
    'S T O P',
    '',
    '...',
    'Can someone call me instead?',
  ])('%j is not a keyword', (text) => {
    expect(smsKeyword(text)).toBe('other');
  });
});
