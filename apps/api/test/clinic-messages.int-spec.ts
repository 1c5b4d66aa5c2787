import { Api, signIn, startTestApp, TestApp } from './harness';
import { aClinic, aSurgery, Clinic } from './factories';
import { startSmtpSink } from './smtp-sink';
import { startSmsProvider } from './sms-provider';
import { smsLength } from '../src/app/messaging/sms-length';

const CLINIC = { CLINIC_NAME: 'Riverside Spine Center', CLINIC_PHONE: '+1 212-555-0142' };

/** Every message and survey page names the clinic and its phone; the patient picks the language on the page. */
describe('clinic identity, SMS length and the survey language', () => {
  let test: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let provider: Awaited<ReturnType<typeof startSmsProvider>>;
  let clinic: Clinic;
  let admin: Api;
  const anon = (): Api => new Api(test.baseUrl);

  beforeAll(async () => {
    sink = await startSmtpSink();
    provider = await startSmsProvider();
    // A realistic production link base: the SMS carries the real 43-character token after it.
    test = await startTestApp({
      now: '2026-05-01T12:00:00Z',
      env: { SMTP_URL: sink.url, SMS_URL: provider.url, PUBLIC_BASE_URL: 'https://stride.example.org', ...CLINIC },
    });
    clinic = await aClinic(test);
    admin = (await signIn(test, 'admin')).api;
  });

  afterAll(async () => {
    await test?.close();
    await sink?.close();
    await provider?.close();
  });

  const run = async (): Promise<void> => void (await admin.post('/api/admin/scheduler/run'));
  const tokenOf = (text: string): string => (/\/s\/([A-Za-z0-9_-]{43})/.exec(text) as RegExpExecArray)[1];

  it('names the clinic and its phone in the email subject and body', async () => {
    const { email } = await aSurgery(clinic, { surgeryDate: '2026-05-01' });
    test.clock.set('2026-05-15T13:00:00Z');
    await run();
    const mail = sink.mails.find((m) => m.to.includes(email as string));
    expect(mail).toBeDefined();
    expect(mail?.raw).toMatch(/^Subject: How are you doing after your surgery\? - Riverside Spine Center$/m);
    expect(mail?.text).toContain('call Riverside Spine Center at +1 212-555-0142');
    expect(mail?.text).not.toMatch(/Test Patient|MRN-/);
  });

  it('sends SMS that name the clinic and phone in one segment (English) and at most two (Spanish), reminders too', async () => {
    test.clock.set('2026-05-01T12:00:00Z');
    const en = await aSurgery(clinic, { surgeryDate: '2026-05-01', patient: { email: undefined, phone: '+16465550101', preferredChannel: 'sms', language: 'en' } });
    const es = await aSurgery(clinic, { surgeryDate: '2026-05-01', patient: { email: undefined, phone: '+16465550102', preferredChannel: 'sms', language: 'es' } });
    test.clock.set('2026-05-15T13:00:00Z');
    await run();
    test.clock.set('2026-05-18T13:00:00Z'); // day 3: the first reminder
    await run();
    for (const [patient, phone, limit] of [[en, '+16465550101', 1], [es, '+16465550102', 2]] as const) {
      const texts = provider.sent.filter((m) => m.to === phone).map((m) => m.text);
      expect(texts).toHaveLength(2);
      for (const text of texts) {
        expect(text).toContain('Riverside Spine Center');
        expect(text).toContain('+1 212-555-0142');
        expect(text).toMatch(/https:\/\/stride\.example\.org\/s\/[A-Za-z0-9_-]{43} /);
        expect(smsLength(text).encoding).toBe('GSM-7');
        expect(smsLength(text).segments).toBeLessThanOrEqual(limit);
      }
      expect(texts[1]).toMatch(patient === en ? /^Riverside Spine Center reminder: / : /^Recordatorio de Riverside Spine Center: /);
    }
  });

  it('the survey page gets the clinic; the language switch is kept on the patient, and later messages use it', async () => {
    test.clock.set('2026-05-01T12:00:00Z');
    const { patientId, invitations, email } = await aSurgery(clinic, { surgeryDate: '2026-05-01' });
    test.clock.set('2026-05-15T13:00:00Z');
    const link = await admin.post(`/api/invitations/${invitations['2w']}/link`);
    expect(link.status).toBe(201);
    const token = tokenOf(link.body.url);
    const before = await anon().get(`/api/public/surveys/${token}`);
    expect(before.body).toMatchObject({ language: 'en', clinic: { name: 'Riverside Spine Center', phone: '+1 212-555-0142' } });

    expect((await anon().put(`/api/public/surveys/${token}/language`, { language: 'fr' })).status).toBe(400);
    expect((await anon().put(`/api/public/surveys/${token}/language`, { language: 'es' })).status).toBe(204);
    const after = await anon().get(`/api/public/surveys/${token}`);
    expect(after.body.language).toBe('es');
    expect(after.body.questions[0].text).not.toBe(before.body.questions[0].text);
    expect((await test.dataSource.query(`SELECT language FROM patients WHERE id = $1`, [patientId]))[0].language).toBe('es');
    const audit = await test.dataSource.query(`SELECT detail FROM audit_events WHERE entity_id = $1 AND action = 'patient.language'`, [patientId]);
    expect(audit).toEqual([{ detail: { language: 'es', via: 'survey' } }]);

    await run(); // the 2w invitation goes out now: in Spanish
    const mail = sink.mails.find((m) => m.to.includes(email as string));
    expect(mail?.text).toContain('Si tiene preguntas, llame a Riverside Spine Center al +1 212-555-0142.');
    expect((await anon().put('/api/public/surveys/not-a-token/language', { language: 'en' })).status).toBe(404);
  });

  it('after an opt-out the link answers 410 SURVEY_CLOSED with reason opted_out and the clinic to call', async () => {
    test.clock.set('2026-05-01T12:00:00Z');
    const { invitations } = await aSurgery(clinic, { surgeryDate: '2026-05-01' });
    test.clock.set('2026-05-15T13:00:00Z');
    const token = tokenOf((await admin.post(`/api/invitations/${invitations['2w']}/link`)).body.url);
    expect((await anon().post(`/api/public/surveys/${token}/opt-out`)).status).toBe(204);
    const closed = await anon().get(`/api/public/surveys/${token}`);
    expect(closed.status).toBe(410);
    expect(closed.body).toMatchObject({
      code: 'SURVEY_CLOSED',
      reason: 'opted_out',
      language: 'en',
      clinic: { name: 'Riverside Spine Center', phone: '+1 212-555-0142' },
    });
  });

  it('a window that passed is 410 with reason closed', async () => {
    test.clock.set('2026-05-01T12:00:00Z');
    const { invitations } = await aSurgery(clinic, { surgeryDate: '2026-05-01' });
    test.clock.set('2026-05-15T13:00:00Z');
    const token = tokenOf((await admin.post(`/api/invitations/${invitations['2w']}/link`)).body.url);
    test.clock.set('2026-06-30T13:00:00Z');
    const closed = await anon().get(`/api/public/surveys/${token}`);
    expect(closed.status).toBe(410);
    expect(closed.body).toMatchObject({ code: 'SURVEY_CLOSED', reason: 'closed', clinic: { name: 'Riverside Spine Center' } });
  });

  it('issues the in-clinic link with its QR code as an SVG', async () => {
    test.clock.set('2026-05-01T12:00:00Z');
    const { invitations } = await aSurgery(clinic, { surgeryDate: '2026-05-01' });
    test.clock.set('2026-05-15T13:00:00Z');
    const first = await admin.post(`/api/invitations/${invitations['2w']}/link`);
    const second = await admin.post(`/api/invitations/${invitations['2w']}/link`);
    expect(first.body.qrCodeSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 (\d+) \1".*<path[^>]* d="M/s);
    expect(second.body.qrCodeSvg).not.toBe(first.body.qrCodeSvg); // each link is a new token, so a new code
  });
});
