import type { FieldError, InvitationView, SurgeryView } from '@stride/contracts';
import { Api, signIn, startTestApp, TestApp } from './harness';

/** The rules around the journey: validation, access, scheduling changes, links and the audit log. */
describe('API rules', () => {
  let test: TestApp;
  let admin: Api;
  let surgeonId: string;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-05-04T16:00:00Z' });
    admin = (await signIn(test, 'admin')).api;
    surgeonId = (await signIn(test, 'surgeon')).user.id;
  });

  afterAll(() => test?.close());

  const enroll = async (surgeryDate: string, extra: Record<string, unknown> = {}): Promise<{ patientId: string; surgery: SurgeryView }> => {
    const mrn = `MRN-${Math.random().toString(36).slice(2, 10)}`;
    const patient = await admin.post('/api/patients', {
      mrn, givenName: 'Test', familyName: 'Patient', birthDate: '1950-01-01', email: `${mrn}@example.org`, language: 'en', surgeonId, ...extra,
    });
    expect(patient.status).toBe(201);
    const surgery = await admin.post(`/api/patients/${patient.body.id}/surgeries`, { procedure: 'endoscopic_decompression', surgeryDate });
    expect(surgery.status).toBe(201);
    return { patientId: patient.body.id, surgery: surgery.body };
  };

  it('denies by default: no token is a 401, the wrong role a 403', async () => {
    const anonymous = new Api(test.baseUrl);
    expect((await anonymous.get('/api/patients')).status).toBe(401);
    expect((await anonymous.get('/api/cohorts/summary')).status).toBe(401);
    expect((await anonymous.get('/api/health')).body).toMatchObject({ status: 'ok', database: 'up' });
    expect((await anonymous.get('/api/settings')).status).toBe(401);
    expect((await admin.get('/api/settings')).body).toEqual({
      clinicTimezone: 'America/New_York',
      benchmarks: { success: 0.85, satisfaction: 0.9 },
      benchmarkSource: expect.stringContaining('Set BENCHMARK_SOURCE'),
      followUpTimepoints: ['2w', '6w', '3m', '6m'],
      benchmarkTimepoint: '6m',
      idleTimeoutMinutes: 30,
    });
    const surgeon = (await signIn(test, 'surgeon')).api;
    expect((await surgeon.post('/api/users', { email: 'x@y.z', name: 'X', role: 'admin', password: '0123456789' })).status).toBe(403);
    expect((await surgeon.get('/api/exports/outcomes.csv')).status).toBe(403);
    expect((await anonymous.post('/api/auth/login', { email: 'nobody@clinic.test', password: 'wrong-password' })).status).toBe(401);
  });

  it('answers bad input with field-level 400s, never a 500', async () => {
    const bad = await admin.post('/api/patients', {
      mrn: '', givenName: 'A', familyName: 'B', birthDate: '1950-02-30', language: 'fr', surgeonId: 'not-a-uuid', shoeSize: 44,
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['birthDate', 'language', 'mrn', 'shoeSize', 'surgeonId']);

    const notSurgeon = await admin.post('/api/patients', {
      mrn: 'MRN-X1', givenName: 'A', familyName: 'B', birthDate: '1950-02-01', language: 'en', surgeonId: '00000000-0000-4000-8000-000000000000',
    });
    expect(notSurgeon.status).toBe(400);
    expect(notSurgeon.body.errors).toEqual([{ field: 'surgeonId', message: 'surgeonId must be the id of a surgeon' }]);

    const malformed = await admin.request('POST', '/api/patients', '{"mrn": ');
    expect(malformed.status).toBe(400);
    expect(malformed.text).not.toMatch(/at .*\.js/);

    expect((await admin.get('/api/patients/not-a-uuid')).status).toBe(400);
    expect((await admin.get('/api/patients/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.get('/api/cohorts/summary?surgeryFrom=yesterday')).body.errors).toEqual([
      { field: 'surgeryFrom', message: 'surgeryFrom must be a date written YYYY-MM-DD' },
    ]);
  });

  it('refuses a second patient with the same MRN with a 409 naming the field, keeping the first', async () => {
    const body = { mrn: 'MRN-DUP', givenName: 'A', familyName: 'B', birthDate: '1950-02-01', language: 'en', surgeonId };
    expect((await admin.post('/api/patients', body)).status).toBe(201);
    const again = await admin.post('/api/patients', { ...body, givenName: 'C' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ field: 'mrn', message: expect.any(String) }]);
    const [row] = await test.dataSource.query(`SELECT given_name FROM patients WHERE mrn = 'MRN-DUP'`);
    expect(row.given_name).toBe('A');
  });

  it('writes five invitations with the design windows, one per time point, enforced by the schema', async () => {
    const { surgery } = await enroll('2026-06-01');
    expect(surgery.invitations.map((i: InvitationView) => [i.timepoint, i.dueAt, i.closesAt, i.status])).toEqual([
      ['baseline', '2026-05-04T16:00:00.000Z', '2026-06-01T04:00:00.000Z', 'pending'],
      ['2w', '2026-06-15T13:00:00.000Z', '2026-06-23T04:00:00.000Z', 'pending'],
      ['6w', '2026-07-13T13:00:00.000Z', '2026-07-28T04:00:00.000Z', 'pending'],
      ['3m', '2026-08-31T13:00:00.000Z', '2026-09-22T04:00:00.000Z', 'pending'],
      // Back on standard time by then: 09:00 EST is 14:00 UTC.
      ['6m', '2026-11-30T14:00:00.000Z', '2026-12-29T05:00:00.000Z', 'pending'],
    ]);
    await expect(
      test.dataSource.query(`INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at) VALUES ($1, '2w', now(), now() + interval '1 day')`, [surgery.id]),
    ).rejects.toThrow(/invitations_surgery_timepoint_key/);
    await expect(
      test.dataSource.query(`UPDATE invitations SET status = 'lost' WHERE surgery_id = $1`, [surgery.id]),
    ).rejects.toThrow(/cannot go from pending to lost/);
    // The lifecycle is a state machine in the schema: a completed survey never goes back.
    await test.dataSource.query(`UPDATE invitations SET status = 'completed' WHERE id = $1`, [surgery.invitations[4].id]);
    await expect(
      test.dataSource.query(`UPDATE invitations SET status = 'pending' WHERE id = $1`, [surgery.invitations[4].id]),
    ).rejects.toThrow(/cannot go from completed to pending/);
    await expect(
      test.dataSource.query(`UPDATE invitations SET status = 'sent' WHERE id = $1`, [surgery.invitations[3].id]),
    ).rejects.toThrow(/cannot go from pending to sent/);
  });

  it('moves pending invitations when the surgery date changes, and cancels them with the surgery', async () => {
    const { surgery } = await enroll('2026-06-01');
    const moved = await admin.patch(`/api/surgeries/${surgery.id}`, { surgeryDate: '2026-06-08' });
    expect(moved.status).toBe(200);
    expect(moved.body.invitations.find((i: InvitationView) => i.timepoint === '2w').dueAt).toBe('2026-06-22T13:00:00.000Z');
    const cancelled = await admin.patch(`/api/surgeries/${surgery.id}`, { status: 'cancelled' });
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.invitations.map((i: InvitationView) => i.status)).toEqual(Array(5).fill('cancelled'));
    await admin.post('/api/admin/scheduler/run');
    const messages = await test.dataSource.query(
      `SELECT m.id FROM outbound_messages m JOIN invitations i ON i.id = m.invitation_id WHERE i.surgery_id = $1`,
      [surgery.id],
    );
    expect(messages).toEqual([]);
  });

  it('issues in-clinic links beside those already sent; unknown and closed links answer 404 and 410', async () => {
    const { surgery } = await enroll('2026-06-01');
    const baseline = surgery.invitations[0];
    const first = await admin.post(`/api/invitations/${baseline.id}/link`);
    const second = await admin.post(`/api/invitations/${baseline.id}/link`);
    const tokenOf = (url: string): string => url.split('/s/')[1];
    const patient = new Api(test.baseUrl);
    expect(tokenOf(first.body.url)).not.toBe(tokenOf(second.body.url));
    expect((await patient.get(`/api/public/surveys/${tokenOf(first.body.url)}`)).status).toBe(200);
    const open = await patient.get(`/api/public/surveys/${tokenOf(second.body.url)}`);
    expect(open.status).toBe(200);
    expect(open.body.questions.map((q: { id: string }) => q.id)).toEqual(['legPain', 'backPain', 'walkingDistance']);
    expect((await patient.get('/api/public/surveys/nonsense')).status).toBe(404);

    // Satisfaction is post-op only: a baseline that carries one is refused, naming the field.
    const withSatisfaction = await patient.post(`/api/public/surveys/${tokenOf(second.body.url)}/responses`, {
      answers: { legPain: 6, backPain: 5, walkingDistance: 1, satisfaction: 4 },
    });
    expect(withSatisfaction.status).toBe(400);
    expect(withSatisfaction.body.errors.map((e: FieldError) => e.field)).toEqual(['answers.satisfaction']);

    // GET changes nothing (mail scanners prefetch links); the page's own call records "opened".
    const [before] = await test.dataSource.query(`SELECT opened_at FROM invitations WHERE id = $1`, [baseline.id]);
    expect(before.opened_at).toBeNull();
    expect((await patient.post(`/api/public/surveys/${tokenOf(second.body.url)}/opened`)).status).toBe(204);
    const [after] = await test.dataSource.query(`SELECT opened_at FROM invitations WHERE id = $1`, [baseline.id]);
    expect(after.opened_at).not.toBeNull();

    test.clock.set('2026-06-02T12:00:00Z');
    try {
      const closed = await patient.get(`/api/public/surveys/${tokenOf(second.body.url)}`);
      expect(closed.status).toBe(410);
      expect(closed.body.message).toBe('This survey is closed.');
    } finally {
      test.clock.set('2026-05-04T16:00:00Z');
    }
  });

  it('keeps the audit log append-only and records reads of patient data', async () => {
    const { patientId } = await enroll('2026-06-01');
    expect((await admin.get(`/api/patients/${patientId}`)).status).toBe(200);
    const reads = await test.dataSource.query(`SELECT actor_role FROM audit_events WHERE action = 'patient.read' AND entity_id = $1`, [patientId]);
    expect(reads).toEqual([{ actor_role: 'admin' }]);
    await expect(test.dataSource.query(`UPDATE audit_events SET action = 'nothing'`)).rejects.toThrow(/append-only/);
    await expect(test.dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });

  it('never sends after the window closes: an overdue invitation becomes missed', async () => {
    const { surgery } = await enroll('2026-06-01');
    const twoWeeks = surgery.invitations[1];
    test.clock.set('2026-06-24T12:00:00Z');
    try {
      const run = await admin.post('/api/admin/scheduler/run');
      expect(run.body.missed).toBeGreaterThanOrEqual(1);
      const [row] = await test.dataSource.query(`SELECT status, sent_at FROM invitations WHERE id = $1`, [twoWeeks.id]);
      expect(row).toEqual({ status: 'missed', sent_at: null });
    } finally {
      test.clock.set('2026-05-04T16:00:00Z');
    }
  });
});
