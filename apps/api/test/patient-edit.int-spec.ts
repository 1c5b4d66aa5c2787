import type { FieldError } from '@stride/contracts';
import { Api, HttpResult, signIn, startTestApp, TestApp } from './harness';
import { startSmtpSink } from './smtp-sink';

/** PATCH /patients/:id and the contact rules of enrolment (DESIGN.md "Coordinator and follow-up"). */
describe('patient edits and contact channels', () => {
  let test: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let admin: Api;
  let surgeon: Api;
  let researcher: Api;
  let surgeonId: string;

  beforeAll(async () => {
    // The old address bounces for good (550); every other is accepted.
    sink = await startSmtpSink((address) => (address.startsWith('typo') ? 550 : null));
    test = await startTestApp({ now: '2026-05-01T12:00:00Z', env: { SMTP_URL: sink.url } });
    admin = (await signIn(test, 'admin')).api;
    const s = await signIn(test, 'surgeon');
    surgeon = s.api;
    surgeonId = s.user.id;
    researcher = (await signIn(test, 'researcher')).api;
  }, 120_000); // the first file to start migrates the template database

  afterAll(async () => {
    await test?.close();
    await sink?.close();
  });

  const patientBody = (extra: Record<string, unknown> = {}): Record<string, unknown> => {
    const mrn = `MRN-${Math.random().toString(36).slice(2, 10)}`;
    return { mrn, givenName: 'Ada', familyName: 'Edit', birthDate: '1950-01-01', email: `${mrn.toLowerCase()}@example.org`, language: 'en', surgeonId, ...extra };
  };
  const enroll = async (extra: Record<string, unknown> = {}, surgeryDate = '2026-05-01'): Promise<{ id: string; inv: Record<string, string> }> => {
    const created = await admin.post('/api/patients', patientBody(extra));
    expect(created.status).toBe(201);
    const surgery = await admin.post(`/api/patients/${created.body.id}/surgeries`, { procedure: 'laminectomy', surgeryDate });
    expect(surgery.status).toBe(201);
    return { id: created.body.id, inv: Object.fromEntries(surgery.body.invitations.map((i: { timepoint: string; id: string }) => [i.timepoint, i.id])) };
  };
  const refusal = (r: HttpResult): { status: number; code: string; fields: string[] } => ({
    status: r.status, code: r.body.code, fields: [...new Set<string>((r.body.errors ?? []).map((e: FieldError) => e.field))].sort(),
  });

  describe('enrolment', () => {
    it('refuses a preferred channel without its contact, naming preferredChannel', async () => {
      const sms = await admin.post('/api/patients', patientBody({ preferredChannel: 'sms' }));
      expect(refusal(sms)).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['preferredChannel'] });
      expect(sms.body.errors[0].message).toMatch(/no phone number/);
      const email = await admin.post('/api/patients', patientBody({ email: undefined, phone: '+15550003333', preferredChannel: 'email' }));
      expect(refusal(email)).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['preferredChannel'] });
      expect(refusal(await admin.post('/api/patients', patientBody({ preferredChannel: 'fax' })))).toEqual({
        status: 400, code: 'VALIDATION_FAILED', fields: ['preferredChannel'],
      });
    });

    it('defaults to email, else sms, else paper follow-up for a patient with neither', async () => {
      expect((await admin.post('/api/patients', patientBody())).body.preferredChannel).toBe('email');
      expect((await admin.post('/api/patients', patientBody({ email: undefined, phone: '+15550004444' }))).body.preferredChannel).toBe('sms');
      const paper = await admin.post('/api/patients', patientBody({ email: undefined }));
      expect([paper.status, paper.body.preferredChannel, paper.body.email, paper.body.phone]).toEqual([201, 'paper', null, null]);
      // A phone on file but followed up by the clinic: allowed, and nothing is sent.
      expect((await admin.post('/api/patients', patientBody({ phone: '+15550005555', preferredChannel: 'paper' }))).status).toBe(201);
    });

    it('keeps the rule in the schema too', async () => {
      const { id } = await enroll();
      await expect(test.dataSource.query(`UPDATE patients SET email = NULL WHERE id = $1`, [id])).rejects.toThrow(/preferred_channel/);
    });
  });

  describe('PATCH /patients/:id', () => {
    it('changes what is given, keeps the rest, and audits the field names only', async () => {
      const { id } = await enroll({ phone: '+15550006666' });
      const before = (await admin.get(`/api/patients/${id}`)).body;
      const patched = await admin.patch(`/api/patients/${id}`, {
        givenName: ' Adaline ', email: 'adaline.new@example.org', language: 'es', preferredChannel: 'sms',
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        ...before, givenName: 'Adaline', email: 'adaline.new@example.org', language: 'es', preferredChannel: 'sms', surgeries: expect.any(Array),
      });
      const [audit] = await test.dataSource.query(
        `SELECT actor_role, detail FROM audit_events WHERE action = 'patient.update' AND entity_id = $1`,
        [id],
      );
      expect(audit.actor_role).toBe('admin');
      expect(audit.detail).toEqual({ fields: ['givenName', 'email', 'language', 'preferredChannel'] });
      expect(JSON.stringify(audit.detail)).not.toContain('adaline');

      // Removing the phone an sms patient is followed up by: refused; with a channel change it is fine.
      expect(refusal(await admin.patch(`/api/patients/${id}`, { phone: null }))).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['preferredChannel'] });
      const noPhone = await admin.patch(`/api/patients/${id}`, { phone: null, preferredChannel: 'email' });
      expect([noPhone.status, noPhone.body.phone, noPhone.body.preferredChannel]).toEqual([200, null, 'email']);

      // Nothing changed: no audit row of a change.
      expect((await admin.patch(`/api/patients/${id}`, { language: 'es' })).status).toBe(200);
      const [{ count }] = await test.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE action = 'patient.update' AND entity_id = $1`, [id]);
      expect(count).toBe(2);
    });

    it('answers bad input with field errors, implausible birth dates with IMPLAUSIBLE_DATE', async () => {
      const { id } = await enroll({}, '2026-05-20');
      expect(refusal(await admin.patch(`/api/patients/${id}`, {
        givenName: '', familyName: null, email: 'not-an-email', phone: 'call me', language: 'fr', birthDate: '1950-02-30', mrn: 'X',
      }))).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['birthDate', 'email', 'familyName', 'givenName', 'language', 'mrn', 'phone'] });
      expect(refusal(await admin.patch(`/api/patients/${id}`, { birthDate: '2027-01-01' }))).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['birthDate'] });
      // 17 at the scheduled surgery, though an adult by some surgery date a year from now.
      const minor = await admin.patch(`/api/patients/${id}`, { birthDate: '2008-06-01' });
      expect(refusal(minor)).toEqual({ status: 400, code: 'IMPLAUSIBLE_DATE', fields: ['birthDate'] });
      expect(minor.body.errors[0].message).toMatch(/17 at the surgery on 2026-05-20/);
      expect((await admin.patch(`/api/patients/${id}`, { birthDate: '1949-12-31' })).body.birthDate).toBe('1949-12-31');
    });

    it('is for admins: a surgeon or researcher gets 403, an unknown patient 404', async () => {
      const { id } = await enroll();
      expect(refusal(await surgeon.patch(`/api/patients/${id}`, { givenName: 'X' }))).toEqual({ status: 403, code: 'FORBIDDEN', fields: [] });
      expect((await researcher.patch(`/api/patients/${id}`, { givenName: 'X' })).status).toBe(403);
      expect((await admin.patch('/api/patients/00000000-0000-4000-8000-000000000000', { givenName: 'X' })).status).toBe(404);
      expect((await admin.get(`/api/patients/${id}`)).body.givenName).toBe('Ada');
    });

    it('lets a bounced send be resent to the corrected address', async () => {
      const { id, inv } = await enroll({ email: 'typo.ada@exmaple.org' });
      test.clock.set('2026-05-15T13:00:00Z');
      await admin.post('/api/admin/scheduler/run');
      const failed = (await admin.get(`/api/patients/${id}`)).body.surgeries[0].invitations.find((i: { id: string }) => i.id === inv['2w']);
      expect([failed.status, failed.actions]).toEqual(['failed', ['record_response', 'issue_link', 'resend']]);
      expect((await admin.get('/api/worklist')).body.items.find((i: { invitationId: string }) => i.invitationId === inv['2w']))
        .toMatchObject({ reason: 'failed', email: 'typo.ada@exmaple.org' });

      expect((await admin.patch(`/api/patients/${id}`, { email: 'ada@example.org' })).status).toBe(200);
      const resent = await admin.post(`/api/invitations/${inv['2w']}/resend`);
      expect([resent.status, resent.body.status]).toEqual([200, 'pending']);
      await admin.post('/api/admin/scheduler/run');
      expect(sink.mails.filter((m) => m.to.includes('ada@example.org'))).toHaveLength(1);
      const [row] = await test.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [inv['2w']]);
      expect(row.status).toBe('sent');
      test.clock.set('2026-05-01T12:00:00Z');
    });

    it('moves a paper patient to email: a failed send becomes resendable once there is an address', async () => {
      const { id, inv } = await enroll({ email: undefined });
      test.clock.set('2026-05-15T13:00:00Z');
      await test.dataSource.query(`UPDATE invitations SET status = 'failed', last_error = 'No email address or phone number on file' WHERE id = $1`, [inv['2w']]);
      expect(refusal(await admin.post(`/api/invitations/${inv['2w']}/resend`))).toEqual({ status: 409, code: 'NO_CONTACT_DETAILS', fields: [] });
      const problem = (await admin.get('/api/invitations/problems')).body.find((p: { invitationId: string }) => p.invitationId === inv['2w']);
      expect(problem).toMatchObject({ resendable: false, resendRefusal: expect.stringMatching(/no email address or phone number/) });

      expect(refusal(await admin.patch(`/api/patients/${id}`, { email: 'paper.no.more@example.org' }))).toEqual({
        status: 200, code: undefined, fields: [],
      });
      // Still paper: nothing is sent until the channel says so.
      expect(refusal(await admin.post(`/api/invitations/${inv['2w']}/resend`)).code).toBe('NO_CONTACT_DETAILS');
      expect((await admin.patch(`/api/patients/${id}`, { preferredChannel: 'email' })).status).toBe(200);
      expect((await admin.post(`/api/invitations/${inv['2w']}/resend`)).status).toBe(200);
      await admin.post('/api/admin/scheduler/run');
      expect(sink.mails.filter((m) => m.to.includes('paper.no.more@example.org'))).toHaveLength(1);
      test.clock.set('2026-05-01T12:00:00Z');
    });
  });
});
