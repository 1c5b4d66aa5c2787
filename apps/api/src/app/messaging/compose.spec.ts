import type { ClinicIdentity, Language } from '@stride/contracts';
import { composeInvitation, composeSmsReply, SMS_MAX_SEGMENTS } from './compose';
import { smsBudgetProblems } from './sms-budget';
import { smsLength } from './sms-length';

// A realistic production link: an https host of 26 characters and the real 43-character token.
const BASE = 'https://stride.example.org';
const TOKEN = 'q7Vd0uR2m9XcA1b-Lk3_ZpYw8eTn5sHf6gJ4iO0rUaE';
const SURVEY = `${BASE}/s/${TOKEN}`;
const LINKS = { survey: SURVEY, optOut: `${SURVEY}/opt-out` };
/** The longest name this base and phone allow (31 characters), with an accent GSM-7 lacks. */
const LONGEST: ClinicIdentity = { name: 'Clínica Riverside Spine Center.', phone: '+1 212-555-0142' };
const CLOSES = new Date('2026-12-15T05:00:00Z');

function invitation(clinic: ClinicIdentity, language: Language, channel: 'sms' | 'email', reminder: boolean): { subject: string; body: string } {
  return composeInvitation(clinic, { channel, language, timepoint: '6w', links: LINKS, closesAt: CLOSES, zone: 'America/New_York', reminder });
}

describe(composeInvitation.name, () => {
  it('fits the SMS in one GSM-7 segment in English and two in Spanish, with the longest name allowed and a real link', () => {
    expect(LONGEST.name).toHaveLength(31);
    for (const reminder of [false, true]) {
      const en = invitation(LONGEST, 'en', 'sms', reminder).body;
      const es = invitation(LONGEST, 'es', 'sms', reminder).body;
      expect(smsLength(en)).toEqual({ encoding: 'GSM-7', segments: 1 });
      expect(smsLength(es)).toEqual({ encoding: 'GSM-7', segments: 2 });
      for (const body of [en, es]) {
        expect(body).toContain(SURVEY);
        expect(body).toContain('Clinica Riverside Spine Center.');
        expect(body).toContain('+1 212-555-0142');
        expect(body).toContain('STOP');
      }
    }
    expect(invitation(LONGEST, 'en', 'sms', true).body).toBe(
      `Clinica Riverside Spine Center. reminder: ${SURVEY} Questions: +1 212-555-0142. Reply STOP to end`,
    );
    expect(invitation(LONGEST, 'en', 'sms', true).body.length).toBeLessThanOrEqual(160);
  });

  it('would not fit with one more character: the budget check refuses it, naming the variables', () => {
    expect(smsBudgetProblems(LONGEST, BASE, 'America/New_York')).toEqual([]);
    const tooLong = { ...LONGEST, name: `${LONGEST.name}X` };
    expect(smsLength(invitation(tooLong, 'en', 'sms', true).body).segments).toBe(2);
    const problems = smsBudgetProblems(tooLong, BASE, 'America/New_York');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/CLINIC_NAME .*32 characters.*English survey SMS 2 segments.*at most 1/);
  });

  it('names the clinic and its phone in the email subject and body, in both languages, and no PHI', () => {
    const clinic = { name: 'Riverside Spine Center', phone: '(212) 555-0142' };
    for (const language of ['en', 'es'] as const) {
      const mail = invitation(clinic, language, 'email', true);
      expect(mail.subject).toMatch(language === 'en' ? /^Reminder: how are you doing after your surgery\? - Riverside Spine Center$/ : /^Recordatorio: .* - Riverside Spine Center$/);
      expect(mail.body).toContain('Riverside Spine Center');
      expect(mail.body).toContain('(212) 555-0142');
      expect(mail.body).toContain(SURVEY);
      expect(mail.body).toContain(LINKS.optOut);
    }
  });
});

describe(composeSmsReply.name, () => {
  it('confirms STOP and START and answers HELP with the clinic and phone, within the segment limits', () => {
    for (const language of ['en', 'es'] as const) {
      for (const kind of ['opted_out', 'resubscribed', 'help'] as const) {
        const text = composeSmsReply({ name: 'Clínica del Dolor de Columna de Madrid', phone: '+34 (91) 123-45-678' }, kind, language);
        expect(smsLength(text).encoding).toBe('GSM-7');
        expect(smsLength(text).segments).toBeLessThanOrEqual(SMS_MAX_SEGMENTS[language]);
        expect(text).toContain('Clinica del Dolor de Columna de Madrid');
      }
    }
    expect(composeSmsReply(LONGEST, 'help', 'en')).toContain('+1 212-555-0142');
    expect(composeSmsReply(LONGEST, 'opted_out', 'en')).toMatch(/no more survey messages.*reply START or call \+1 212-555-0142/);
    expect(composeSmsReply(LONGEST, 'opted_out', 'es')).toMatch(/responda START o llame al \+1 212-555-0142/);
  });
});
