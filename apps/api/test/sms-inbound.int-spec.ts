import { randomBytes } from 'node:crypto';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { aClinic, aSurgery, Clinic } from './factories';
import { startSmsProvider } from './sms-provider';

const SECRET = 'inbound-secret-' + 'x'.repeat(24);
const CLINIC = { CLINIC_NAME: 'Riverside Spine Center', CLINIC_PHONE: '+1 212-555-0142' };

/** A number of this clinic's area, stored the way staff type it, and as the provider sends it. */
function aPhone(): { stored: string; e164: string } {
  const digits = String(1_000_000 + (randomBytes(3).readUIntBE(0, 3) % 9_000_000));
  return { stored: `(646) ${digits.slice(0, 3)}-${digits.slice(3)}`, e164: `+1646${digits}` };
}

describe('POST /api/public/sms/inbound', () => {
  let test: TestApp;
  let provider: Awaited<ReturnType<typeof startSmsProvider>>;
  let clinic: Clinic;
  let anon: Api;

  beforeAll(async () => {
    provider = await startSmsProvider();
    test = await startTestApp({ now: '2026-03-10T14:00:00Z', env: { SMS_URL: provider.url, SMS_INBOUND_SECRET: SECRET, ...CLINIC } });
    clinic = await aClinic(test);
    anon = new Api(test.baseUrl);
  });

  afterAll(async () => {
    await test?.close();
    await provider?.close();
  });

  const inbound = (from: string, text: string, secret: string | null = SECRET): Promise<{ status: number; body: Record<string, unknown> }> =>
    (secret === null ? anon : anon.as(secret)).post('/api/public/sms/inbound', { from, text });
  const patientRow = async (id: string): Promise<{ status: string; language: string }> =>
    (await test.dataSource.query(`SELECT status, language FROM patients WHERE id = $1`, [id]))[0];
  const openCount = async (patientId: string): Promise<number> =>
    Number(
      (
        await test.dataSource.query(
          `SELECT count(*) AS n FROM invitations i JOIN surgeries s ON s.id = i.surgery_id WHERE s.patient_id = $1 AND i.status = 'pending'`,
          [patientId],
        )
      )[0].n,
    );
  const sentTo = (e164: string): string[] => provider.sent.filter((m) => m.to === e164).map((m) => m.text);
  async function aTextingPatient(language: 'en' | 'es' = 'en'): Promise<{ patientId: string; phone: ReturnType<typeof aPhone> }> {
    const phone = aPhone();
    const { patientId } = await aSurgery(clinic, { daysAgo: -20, patient: { phone: phone.stored, preferredChannel: 'sms', language } });
    return { patientId, phone };
  }

  it('requires the bearer secret: missing or wrong is 401 UNAUTHENTICATED, and nothing changes', async () => {
    const { patientId, phone } = await aTextingPatient();
    for (const secret of [null, 'wrong', SECRET.slice(0, -1), `${SECRET}x`]) {
      const res = await inbound(phone.e164, 'STOP', secret);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(await patientRow(patientId)).toMatchObject({ status: 'active' });
    expect(sentTo(phone.e164)).toEqual([]);
  });

  it.each(['STOP', 'stop', '  Stop  ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit', 'REVOKE', 'opt out', 'OPT OUT', 'Opt  Out'])(
    '"%s" opts the patient out (open surveys stopped) and confirms exactly once',
    async (word) => {
      const { patientId, phone } = await aTextingPatient();
      expect(await openCount(patientId)).toBe(5);
      expect((await inbound(phone.e164, word)).status).toBe(204);
      expect(await patientRow(patientId)).toMatchObject({ status: 'opted_out' });
      expect(await openCount(patientId)).toBe(0);
      const stopped = await test.dataSource.query(
        `SELECT DISTINCT i.stop_reason FROM invitations i JOIN surgeries s ON s.id = i.surgery_id WHERE s.patient_id = $1`,
        [patientId],
      );
      expect(stopped).toEqual([{ stop_reason: 'opted_out' }]);
      expect(sentTo(phone.e164)).toEqual([
        'Riverside Spine Center: you will get no more survey messages. To re-join, reply START or call +1 212-555-0142.',
      ]);
      // A second STOP (the patient not sure it worked) sends no second confirmation.
      expect((await inbound(phone.e164, 'STOP')).status).toBe(204);
      expect(sentTo(phone.e164)).toHaveLength(1);
      const audit = await test.dataSource.query(`SELECT action, detail FROM audit_events WHERE entity_id = $1 AND action = 'patient.opt_out'`, [patientId]);
      expect(audit).toEqual([{ action: 'patient.opt_out', detail: { via: 'sms', stopped: 5 } }]);
    },
  );

  it('matches the number however it was typed, and answers in the patient\'s language', async () => {
    const { patientId, phone } = await aTextingPatient('es');
    expect((await inbound(phone.e164.replace('+1', '1 '), 'Stop')).status).toBe(204);
    expect(await patientRow(patientId)).toMatchObject({ status: 'opted_out' });
    expect(sentTo(phone.e164)).toEqual([
      'Riverside Spine Center: ya no le enviaremos encuestas. Para volver a recibirlas, responda START o llame al +1 212-555-0142.',
    ]);
  });

  it('does not call a STOP word inside a sentence a STOP', async () => {
    const { patientId, phone } = await aTextingPatient();
    expect((await inbound(phone.e164, 'please stop calling me at work')).status).toBe(204);
    expect(await patientRow(patientId)).toMatchObject({ status: 'active' });
  });

  it('START re-subscribes an opted-out patient and confirms once; START while subscribed sends nothing', async () => {
    const { patientId, phone } = await aTextingPatient();
    await inbound(phone.e164, 'START');
    expect(sentTo(phone.e164)).toEqual([]);
    await inbound(phone.e164, 'STOP');
    expect((await inbound(phone.e164, 'start')).status).toBe(204);
    expect(await patientRow(patientId)).toMatchObject({ status: 'active' });
    expect(sentTo(phone.e164)).toEqual([
      expect.stringMatching(/no more survey messages/),
      'Riverside Spine Center: you are subscribed to follow-up surveys again. Reply STOP to end.',
    ]);
    await inbound(phone.e164, 'START');
    expect(sentTo(phone.e164)).toHaveLength(2);
    // Another STOP after START is a new opt-out, confirmed again.
    await inbound(phone.e164, 'STOP');
    expect(sentTo(phone.e164)).toHaveLength(3);
    const actions = await test.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'patient.%' ORDER BY id`, [patientId]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['patient.create', 'patient.opt_out', 'patient.resubscribe', 'patient.opt_out']);
  });

  it('HELP answers with the clinic\'s name and phone, every time, and changes nothing', async () => {
    const { patientId, phone } = await aTextingPatient();
    await inbound(phone.e164, 'help');
    await inbound(phone.e164, 'HELP ');
    expect(sentTo(phone.e164)).toEqual([
      'Riverside Spine Center follow-up surveys. Questions: call +1 212-555-0142. Reply STOP to end.',
      'Riverside Spine Center follow-up surveys. Questions: call +1 212-555-0142. Reply STOP to end.',
    ]);
    expect(await patientRow(patientId)).toMatchObject({ status: 'active' });
  });

  it('keeps any other text for staff on the patient\'s page, for the patient\'s own surgeon and admins only', async () => {
    const { patientId, phone } = await aTextingPatient();
    await inbound(phone.e164, '  I am in hospital this week, can I answer later?  ');
    expect(sentTo(phone.e164)).toEqual([]);
    const admin = (await signIn(test, 'admin')).api;
    const replies = await admin.get(`/api/patients/${patientId}/sms-replies`);
    expect(replies.status).toBe(200);
    expect(replies.body.items).toEqual([{ id: expect.any(String), receivedAt: '2026-03-10T14:00:00.000Z', text: 'I am in hospital this week, can I answer later?' }]);
    const otherSurgeon = (await signIn(test, 'surgeon')).api;
    expect((await otherSurgeon.get(`/api/patients/${patientId}/sms-replies`)).status).toBe(404);
    const researcher = (await signIn(test, 'researcher')).api;
    expect((await researcher.get(`/api/patients/${patientId}/sms-replies`)).status).toBe(403);
    const audit = await test.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 AND action IN ('sms.reply_received', 'patient.sms_replies.read')`, [patientId]);
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['patient.sms_replies.read', 'sms.reply_received']);
  });

  it('an unknown number gets the same 204 with nothing done and nothing sent', async () => {
    const before = provider.sent.length;
    const unmatched = async (): Promise<number> =>
      Number((await test.dataSource.query(`SELECT count(*) AS n FROM audit_events WHERE action = 'sms.inbound' AND detail->>'outcome' = 'unknown_sender'`))[0].n);
    const auditedBefore = await unmatched();
    const repliesBefore = Number((await test.dataSource.query(`SELECT count(*) AS n FROM sms_replies`))[0].n);
    const stranger = aPhone().e164;
    for (const text of ['STOP', 'HELP', 'START', 'hello']) expect((await inbound(stranger, text)).status).toBe(204);
    expect((await inbound('not a number', 'STOP')).status).toBe(204);
    expect(provider.sent.length).toBe(before);
    expect(Number((await test.dataSource.query(`SELECT count(*) AS n FROM sms_replies`))[0].n)).toBe(repliesBefore);
    expect(await unmatched()).toBe(auditedBefore + 5);
  });

  it('refuses a malformed body with field errors', async () => {
    const res = await anon.as(SECRET).post('/api/public/sms/inbound', { from: '+16465550100' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('POST /api/public/sms/inbound without SMS_INBOUND_SECRET', () => {
  it('does not exist (404), whatever the caller sends', async () => {
    const test = await startTestApp();
    try {
      const res = await new Api(test.baseUrl, 'anything').post('/api/public/sms/inbound', { from: '+16465550100', text: 'STOP' });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await test.close();
    }
  });
});
