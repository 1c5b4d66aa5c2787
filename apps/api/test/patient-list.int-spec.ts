import type { Answers, PatientSummaryView } from '@stride/contracts';
import type { Caller } from '../src/app/auth/caller';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { aSurgery, clinicDay, Enrolled } from './factories';

/**
 * GET /patients sorted and filtered by surgeon, status and time point, and by what a dashboard
 * figure counts, so each rate links to the patients behind it (a surgeon's to their own only).
 */
describe('patient list: sort and filter', () => {
  let test: TestApp;
  let admin: Api;
  let adminCaller: Caller;
  let surgeonA: { api: Api; id: string };
  let surgeonB: { api: Api; id: string };
  const p: Record<string, Enrolled> = {};

  const names = (items: PatientSummaryView[]): string[] => items.map((i) => i.familyName);
  const list = async (api: Api, query: string): Promise<string[]> => {
    const res = await api.get(`/api/patients?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return names(res.body.items);
  };
  const record = async (e: Enrolled, timepoint: 'baseline' | '2w', answers: Answers, daysAgo: number): Promise<void> => {
    const res = await admin.post(`/api/invitations/${e.invitations[timepoint]}/responses`, { answers, mode: 'phone', collectedAt: clinicDay(test, -daysAgo) });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-03-10T14:00:00Z' });
    const a = await signIn(test, 'admin');
    admin = a.api;
    adminCaller = { id: a.user.id, role: 'admin', name: a.user.name };
    const sa = await signIn(test, 'surgeon', 'Dr Ana Ruiz');
    const sb = await signIn(test, 'surgeon', 'Dr Abe Cole');
    surgeonA = { api: sa.api, id: sa.user.id };
    surgeonB = { api: sb.api, id: sb.user.id };
    const enrol = (surgeonId: string, familyName: string, daysAgo: number): Promise<Enrolled> =>
      aSurgery({ test, admin: adminCaller, surgeonId }, { daysAgo, patient: { givenName: 'Pat', familyName } });

    p.adams = await enrol(surgeonA.id, 'Adams', 15); // 2w success, satisfied
    p.brown = await enrol(surgeonA.id, 'Brown', 16); // 2w not a success, not satisfied
    p.clark = await enrol(surgeonA.id, 'Clark', 15); // 2w answered without a baseline: not evaluable
    p.dale = await enrol(surgeonA.id, 'Dale', 30); // 2w window closed unanswered: a non-responder
    p.evans = await enrol(surgeonA.id, 'Evans', 15); // 2w open, unanswered: not yet counted
    p.zulu = await enrol(surgeonB.id, 'Zulu', 15); // surgeon B's success

    const baseline = { legPain: 7, backPain: 5, walkingDistance: 1 };
    await record(p.adams, 'baseline', baseline, 20);
    await record(p.adams, '2w', { legPain: 2, backPain: 2, walkingDistance: 3, satisfaction: 5 }, 0);
    await record(p.brown, 'baseline', baseline, 20);
    await record(p.brown, '2w', { legPain: 6, backPain: 5, walkingDistance: 1, satisfaction: 2 }, 0);
    await record(p.clark, '2w', { legPain: 2, backPain: 2, walkingDistance: 3, satisfaction: 4 }, 0);
    await record(p.zulu, 'baseline', baseline, 20);
    await record(p.zulu, '2w', { legPain: 1, backPain: 1, walkingDistance: 4, satisfaction: 5 }, 0);
  });

  afterAll(() => test?.close());

  it('lists the patients behind each 2-week figure on a surgeon\'s dashboard, and only theirs', async () => {
    const summary = (await surgeonA.api.get('/api/cohorts/summary')).body.timepoints.find((t: { timepoint: string }) => t.timepoint === '2w');
    const success = await list(surgeonA.api, 'timepoint=2w&outcome=success');
    const failure = await list(surgeonA.api, 'timepoint=2w&outcome=not_success');
    const responded = await list(surgeonA.api, 'timepoint=2w&outcome=responded');
    const missing = await list(surgeonA.api, 'timepoint=2w&outcome=not_responded');

    expect(success).toEqual(['Adams']);
    expect(failure).toEqual(['Brown']);
    expect(await list(surgeonA.api, 'timepoint=2w&outcome=not_evaluable')).toEqual(['Clark']);
    expect(responded).toEqual(['Adams', 'Brown', 'Clark']);
    expect(missing).toEqual(['Dale']);
    expect(await list(surgeonA.api, 'timepoint=2w&outcome=satisfied')).toEqual(['Adams', 'Clark']);
    expect(await list(surgeonA.api, 'timepoint=2w&outcome=not_satisfied')).toEqual(['Brown']);
    // The same numbers as the dashboard's.
    expect([success.length, success.length + failure.length]).toEqual([summary.success.x, summary.success.n]);
    expect([responded.length, responded.length + missing.length]).toEqual([summary.responded, summary.eligible]);
    // The admin's clinic-wide list has surgeon B's patient too; a baseline is never a success.
    expect(await list(admin, 'timepoint=2w&outcome=success')).toEqual(['Adams', 'Zulu']);
    expect(await list(admin, 'timepoint=baseline&outcome=success')).toEqual([]);
    expect(await list(admin, 'outcome=success&procedure=other')).toEqual([]);
  });

  it('filters by surgeon for admins, and refuses another surgeon\'s to a surgeon', async () => {
    expect(await list(admin, `surgeonId=${surgeonB.id}`)).toEqual(['Zulu']);
    expect(await list(admin, `surgeonId=${surgeonA.id}&search=dal`)).toEqual(['Dale']);
    expect(await list(surgeonA.api, `surgeonId=${surgeonA.id}`)).toEqual(['Adams', 'Brown', 'Clark', 'Dale', 'Evans']);
    expect(await list(surgeonB.api, '')).toEqual(['Zulu']);
    const other = await surgeonA.api.get(`/api/patients?surgeonId=${surgeonB.id}`);
    expect([other.status, other.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('filters by invitation status at a time point, and by patient status', async () => {
    expect(await list(admin, 'timepoint=2w&status=completed')).toEqual(['Adams', 'Brown', 'Clark', 'Zulu']);
    expect(await list(admin, 'timepoint=2w&status=pending')).toEqual(['Evans']);
    expect(await list(admin, 'timepoint=2w&status=missed')).toEqual(['Dale']); // enrolled after its window
    expect(await list(admin, 'timepoint=baseline&status=completed')).toEqual(['Adams', 'Brown', 'Zulu']);
    expect(await list(admin, 'status=completed&surgeonId=' + surgeonB.id)).toEqual(['Zulu']);

    expect((await admin.patch(`/api/patients/${p.evans.patientId}/status`, { status: 'withdrawn' })).status).toBe(200);
    expect(await list(admin, 'patientStatus=withdrawn')).toEqual(['Evans']);
    expect(await list(admin, 'timepoint=2w&status=cancelled')).toEqual(['Evans']);
    expect(await list(admin, 'patientStatus=active&timepoint=2w&status=pending')).toEqual([]);
    expect(await list(admin, 'patientStatus=active&timepoint=baseline&status=missed')).toEqual(['Clark', 'Dale']); // Evans: withdrawn
  });

  it('sorts by name, surgeon or surgery date', async () => {
    expect(await list(admin, '')).toEqual(['Adams', 'Brown', 'Clark', 'Dale', 'Evans', 'Zulu']);
    // 'Dr Abe Cole' sorts before 'Dr Ana Ruiz'.
    expect(await list(admin, 'sort=surgeon')).toEqual(['Zulu', 'Adams', 'Brown', 'Clark', 'Dale', 'Evans']);
    expect(await list(admin, 'sort=-surgeryDate')).toEqual(['Adams', 'Clark', 'Evans', 'Zulu', 'Brown', 'Dale']);
    expect(await list(admin, 'sort=surgeryDate')).toEqual(['Dale', 'Brown', 'Adams', 'Clark', 'Evans', 'Zulu']);
  });

  it('answers bad filters with a 400 naming each field', async () => {
    const bad = await admin.get('/api/patients?timepoint=9m&status=done&outcome=great&sort=age&patientStatus=lost&surgeonId=x');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['outcome', 'patientStatus', 'sort', 'status', 'surgeonId', 'timepoint']);
  });

  it('gives the total on a page past the last one', async () => {
    const res = await admin.get('/api/patients?page=50');
    expect(res.status).toBe(200);
    expect([res.body.items.length, res.body.page, res.body.total]).toEqual([0, 50, 6]);
    const filtered = await admin.get(`/api/patients?page=2&surgeonId=${surgeonA.id}`);
    expect([filtered.body.items.length, filtered.body.total]).toEqual([0, 5]);
  });

  it('counts a surgery by the surgery\'s surgeon, as the dashboard does, but lists it only to the patient\'s own surgeon', async () => {
    // Dale (surgeon A's patient) is to have a second operation, by surgeon B.
    const surgery = await admin.post(`/api/patients/${p.dale.patientId}/surgeries`, {
      surgeonId: surgeonB.id,
      procedure: 'laminectomy',
      surgeryDate: clinicDay(test, 10),
    });
    expect(surgery.status).toBe(201);
    expect(await list(admin, `surgeonId=${surgeonB.id}`)).toEqual(['Dale', 'Zulu']);
    // The new surgery's baseline is B's; Dale's missed 2-week survey belongs to A's surgery.
    expect(await list(admin, `surgeonId=${surgeonB.id}&timepoint=baseline&status=pending`)).toEqual(['Dale']);
    expect(await list(admin, `surgeonId=${surgeonA.id}&timepoint=baseline&status=pending`)).toEqual([]);
    expect(await list(admin, `surgeonId=${surgeonA.id}&timepoint=2w&status=missed`)).toEqual(['Dale']);
    expect(await list(admin, `surgeonId=${surgeonB.id}&timepoint=2w&status=missed`)).toEqual([]);
    // Surgeon B does not get surgeon A's patient in their list, even for the surgery B did.
    expect(await list(surgeonB.api, 'timepoint=baseline')).toEqual(['Zulu']);
  });

  it('audits each list with its filters and the patients shown', async () => {
    await list(surgeonA.api, 'timepoint=2w&outcome=not_responded');
    const [row] = await test.dataSource.query(
      `SELECT detail FROM audit_events WHERE action = 'patient.list' AND actor_id = $1 ORDER BY id DESC LIMIT 1`,
      [surgeonA.id],
    );
    expect(row.detail).toMatchObject({ timepoint: '2w', outcome: 'not_responded', patientIds: [p.dale.patientId] });
  });
});
