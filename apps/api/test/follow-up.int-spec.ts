import { DateTime } from 'luxon';
import { FollowUpExtensionService } from '../src/app/invitations/follow-up-extension.service';
import { aClinic, aSurgery, clinicDay, type Clinic } from './factories';
import { Api, signIn, startTestApp, TestApp } from './harness';

// Longer follow-up (issue #8): FOLLOW_UP_TIMEPOINTS and BENCHMARK_TIMEPOINT on real PostgreSQL.
// The test clock is 2026-03-10 14:00Z, 10:00 in the clinic (America/New_York, EDT since 8 March).

const LONGER = { FOLLOW_UP_TIMEPOINTS: '2w,6w,3m,6m,12m,24m', BENCHMARK_TIMEPOINT: '12m' };

interface InvitationJson {
  id: string;
  timepoint: string;
  dueAt: string;
  closesAt: string;
  status: string;
}

async function enroll(api: Api, surgeonId: string, surgeryDate: string): Promise<{ patientId: string; surgeryId: string; invitations: InvitationJson[] }> {
  const mrn = `MRN-${Math.random().toString(36).slice(2, 10)}`;
  const patient = await api.post('/api/patients', {
    mrn,
    givenName: 'Long',
    familyName: 'Follow',
    birthDate: '1950-06-01',
    email: `${mrn.toLowerCase()}@example.org`,
    language: 'es',
    surgeonId,
  });
  expect(patient.status).toBe(201);
  const surgery = await api.post(`/api/patients/${patient.body.id}/surgeries`, { procedure: 'laminectomy', surgeryDate });
  expect(surgery.status).toBe(201);
  return { patientId: patient.body.id, surgeryId: surgery.body.id, invitations: surgery.body.invitations };
}

const at = (invitations: InvitationJson[], timepoint: string): InvitationJson | undefined => invitations.find((i) => i.timepoint === timepoint);

describe('follow-up at 12 and 24 months, configured', () => {
  let test: TestApp;
  let admin: Api;
  let surgeonId: string;

  beforeAll(async () => {
    test = await startTestApp({ env: LONGER });
    admin = (await signIn(test, 'admin')).api;
    surgeonId = (await signIn(test, 'surgeon')).user.id;
  });
  afterAll(() => test?.close());

  it('plans 12m and 24m at enrollment with their exact due dates and windows', async () => {
    const { invitations } = await enroll(admin, surgeonId, '2026-03-20');
    expect(invitations.map((i) => i.timepoint)).toEqual(['baseline', '2w', '6w', '3m', '6m', '12m', '24m']);
    // 2027-03-20 09:00 EDT; 42-day window: last day 2027-05-01, closing as it ends.
    expect(at(invitations, '12m')).toMatchObject({ dueAt: '2027-03-20T13:00:00.000Z', closesAt: '2027-05-02T04:00:00.000Z', status: 'pending' });
    // 730 days crosses 29 February 2028: 2028-03-19 09:00 EDT; 56-day window: last day 2028-05-14.
    expect(at(invitations, '24m')).toMatchObject({ dueAt: '2028-03-19T13:00:00.000Z', closesAt: '2028-05-15T04:00:00.000Z', status: 'pending' });
    const settings = await admin.get('/api/settings');
    expect(settings.body).toMatchObject({ followUpTimepoints: ['2w', '6w', '3m', '6m', '12m', '24m'], benchmarkTimepoint: '12m' });
  });

  it('compares at BENCHMARK_TIMEPOINT=12m in the summary and the funnel, from a paper 12-month answer', async () => {
    // Surgery 2025-02-15: its 12-month window (2026-02-08 to 2026-03-29) is open today; earlier ones are missed.
    const { invitations } = await enroll(admin, surgeonId, '2025-02-15');
    expect(invitations.map((i) => [i.timepoint, i.status])).toEqual([
      ['baseline', 'missed'], ['2w', 'missed'], ['6w', 'missed'], ['3m', 'missed'], ['6m', 'missed'], ['12m', 'pending'], ['24m', 'pending'],
    ]);
    const paper = (timepoint: string, answers: object, collectedAt: string): Promise<{ status: number }> =>
      admin.post(`/api/invitations/${at(invitations, timepoint)?.id}/responses`, { answers, mode: 'paper', collectedAt });
    expect((await paper('baseline', { legPain: 8, backPain: 5, walkingDistance: 1 }, '2025-02-01')).status).toBe(201);
    expect((await paper('12m', { legPain: 2, backPain: 2, walkingDistance: 3, satisfaction: 5 }, '2026-03-01')).status).toBe(201);

    const summary = await admin.get('/api/cohorts/summary');
    expect(summary.body.benchmarkTimepoint).toBe('12m');
    expect(summary.body.timepoints.map((t: { timepoint: string }) => t.timepoint)).toEqual(['baseline', '2w', '6w', '3m', '6m', '12m', '24m']);
    const twelve = summary.body.timepoints.find((t: { timepoint: string }) => t.timepoint === '12m');
    expect(twelve).toMatchObject({ eligible: 1, responded: 1, success: { x: 1, n: 1 }, satisfaction: { x: 1, n: 1 } });
    // The 24-month window is open and unanswered: nobody is eligible there yet.
    expect(summary.body.timepoints.find((t: { timepoint: string }) => t.timepoint === '24m')).toMatchObject({ eligible: 0, responded: 0 });

    const funnel = await admin.get('/api/cohorts/funnel');
    expect(funnel.status).toBe(200);
    expect(funnel.body.timepoint).toBe('12m');
    expect(funnel.body.points.find((p: { surgeonId: string }) => p.surgeonId === surgeonId)).toMatchObject({ n: 1, x: 1 });
    expect((await admin.get('/api/cohorts/funnel?timepoint=24m')).body).toMatchObject({ timepoint: '24m', k: 0 });
    expect((await admin.get('/api/cohorts/case-mix')).body.timepoint).toBe('12m');
  });

  it('exports 12m and 24m in the long and wide formats, and the dictionary describes every column', async () => {
    const researcher = (await signIn(test, 'researcher')).api;
    const long = await researcher.get('/api/exports/outcomes.csv?format=long');
    const [header, ...rows] = long.text.trim().split('\n');
    const timepointColumn = header.split(',').indexOf('timepoint');
    expect(rows.map((r) => r.split(',')[timepointColumn])).toContain('12m');
    const wide = await researcher.get('/api/exports/outcomes.csv?format=wide');
    const wideColumns = wide.text.split('\n')[0].split(',');
    expect(wideColumns).toEqual(expect.arrayContaining(['leg_pain_12m', 'success_12m', 'status_24m', 'definition_version_24m']));
    expect(wideColumns.filter((c) => /_(\d+[wm]|baseline)$/.test(c)).map((c) => c.replace(/^.*_/, ''))).toEqual(
      expect.arrayContaining(['baseline', '2w', '6w', '3m', '6m', '12m', '24m']),
    );
    const dictionary = (await researcher.get('/api/exports/dictionary.csv')).text.trim().split('\n');
    const described = dictionary.slice(1).map((line) => line.split(',')[0]);
    expect([...header.split(','), ...wideColumns].filter((c) => !described.includes(c))).toEqual([]);
    expect(dictionary.find((line) => line.startsWith('timepoint,'))).toContain('baseline | 2w | 6w | 3m | 6m | 12m | 24m,"Survey time point: baseline is pre-operative; 12m is the benchmark');
  });
});

describe('follow-up with the default time points', () => {
  let test: TestApp;
  let admin: Api;
  let surgeonId: string;

  beforeAll(async () => {
    test = await startTestApp();
    admin = (await signIn(test, 'admin')).api;
    surgeonId = (await signIn(test, 'surgeon')).user.id;
  });
  afterAll(() => test?.close());

  it('plans, shows and exports only baseline, 2w, 6w, 3m and 6m, and refuses a funnel at 12m', async () => {
    const { invitations } = await enroll(admin, surgeonId, '2026-03-20');
    expect(invitations.map((i) => i.timepoint)).toEqual(['baseline', '2w', '6w', '3m', '6m']);
    const summary = await admin.get('/api/cohorts/summary');
    expect(summary.body.benchmarkTimepoint).toBe('6m');
    expect(summary.body.timepoints.map((t: { timepoint: string }) => t.timepoint)).toEqual(['baseline', '2w', '6w', '3m', '6m']);
    expect((await admin.get('/api/cohorts/funnel')).body.timepoint).toBe('6m');
    const refused = await admin.get('/api/cohorts/funnel?timepoint=12m');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'timepoint', message: 'timepoint must be one of the configured follow-ups: 2w, 6w, 3m, 6m' }] });
    expect((await admin.get('/api/cohorts/case-mix?timepoint=24m')).status).toBe(400);
    const wide = (await admin.get('/api/exports/outcomes.csv?format=wide')).text.split('\n')[0];
    expect(wide).toContain('leg_pain_6m');
    expect(wide).not.toMatch(/_12m|_24m/);
    const dictionary = (await admin.get('/api/exports/dictionary.csv')).text;
    expect(dictionary).not.toMatch(/12m|24m/);
  });
});

/**
 * Turning 12m and 24m on for a clinic that has run without them: enrollment under the default
 * configuration, then the same database under the longer one, where add-timepoint plans the new
 * follow-up only where its window is still open. Today is 2026-03-10 in the clinic.
 */
describe('add-timepoint: a follow-up turned on for existing surgeries', () => {
  let before: TestApp;
  let test: TestApp;
  let clinic: Clinic;
  const surgeries: Record<string, string> = {};

  beforeAll(async () => {
    before = await startTestApp();
    clinic = await aClinic(before);
    // 12m: the window's last day is surgery + 365 + 42 days, so 407 days ago is open to midnight tonight.
    const enrolled = async (key: string, daysAgo: number, options: Parameters<typeof aSurgery>[1] = {}): Promise<void> => {
      surgeries[key] = (await aSurgery(clinic, { daysAgo, ...options })).surgeryId;
    };
    await enrolled('lastDay12m', 407);
    await enrolled('closedYesterday12m', 408);
    await enrolled('due12mToday', 365);
    await enrolled('recent', 30);
    await enrolled('lastDay24m', 730 + 56);
    await enrolled('closed24m', 730 + 57);
    await enrolled('cancelled', 100);
    await enrolled('withdrawn', 200);
    const api = (await signIn(before, 'admin')).api;
    expect((await api.patch(`/api/surgeries/${surgeries['cancelled']}`, { status: 'cancelled' })).status).toBe(200);
    const [{ patient_id }] = await before.dataSource.query(`SELECT patient_id FROM surgeries WHERE id = $1`, [surgeries['withdrawn']]);
    expect((await api.patch(`/api/patients/${patient_id}/status`, { status: 'withdrawn' })).status).toBe(200);
    await before.close();
    test = await startTestApp({ databaseUrl: before.databaseUrl, env: LONGER });
    clinic = { ...clinic, test };
  }, 120_000);
  afterAll(() => test?.close());

  const planned = async (timepoint: string): Promise<Record<string, { due_at: Date; closes_at: Date; status: string }>> => {
    const rows: { surgery_id: string; due_at: Date; closes_at: Date; status: string }[] = await test.dataSource.query(
      `SELECT surgery_id, due_at, closes_at, status FROM invitations WHERE timepoint = $1`,
      [timepoint],
    );
    const key = Object.fromEntries(Object.entries(surgeries).map(([k, id]) => [id, k]));
    return Object.fromEntries(rows.map((r) => [key[r.surgery_id] ?? r.surgery_id, r]));
  };

  it('refuses a time point that is not configured, and a caller who is not an admin', async () => {
    const service = test.app.get(FollowUpExtensionService);
    await expect(service.addTimepoint(clinic.admin, '9m', { dryRun: false })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'timepoint', message: expect.stringContaining('not among the configured follow-ups') }],
    });
    await expect(service.addTimepoint({ ...clinic.admin, role: 'surgeon' }, '12m', { dryRun: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('counts in a dry run and writes nothing', async () => {
    const report = await test.app.get(FollowUpExtensionService).addTimepoint(clinic.admin, '12m', { dryRun: true });
    expect(report).toEqual({ timepoint: '12m', dryRun: true, considered: 6, added: 3, windowClosed: 3 });
    expect(await planned('12m')).toEqual({});
  });

  it('adds 12m where its window is still open (the last day included), with the exact plan, audited', async () => {
    const report = await test.app.get(FollowUpExtensionService).addTimepoint(clinic.admin, '12m', { dryRun: false });
    // Cancelled and withdrawn are not considered; 408, 786 and 787 days ago are past the 12m window.
    expect(report).toEqual({ timepoint: '12m', dryRun: false, considered: 6, added: 3, windowClosed: 3 });
    const rows = await planned('12m');
    expect(Object.keys(rows).sort()).toEqual(['due12mToday', 'lastDay12m', 'recent']);
    const zone = test.config.clinicTimezone;
    const surgeryDay = DateTime.fromISO(clinicDay(test, -407), { zone });
    expect(rows['lastDay12m']).toMatchObject({
      status: 'pending',
      due_at: surgeryDay.plus({ days: 365 }).set({ hour: 9 }).toJSDate(),
      closes_at: DateTime.fromISO(clinicDay(test, 1), { zone }).toJSDate(),
    });
    expect(rows['recent'].due_at).toEqual(DateTime.fromISO(clinicDay(test, -30), { zone }).plus({ days: 365, hours: 9 }).toJSDate());
    const [audit] = await test.dataSource.query(`SELECT actor_id, detail FROM audit_events WHERE action = 'invitations.add-timepoint' AND detail->>'dryRun' = 'false'`);
    expect(audit).toMatchObject({ actor_id: clinic.admin.id, detail: { timepoint: '12m', added: 3, windowClosed: 3, considered: 6 } });
  });

  it('adds nothing the second time', async () => {
    const report = await test.app.get(FollowUpExtensionService).addTimepoint(clinic.admin, '12m', { dryRun: false });
    expect(report).toEqual({ timepoint: '12m', dryRun: false, considered: 3, added: 0, windowClosed: 3 });
    expect(Object.keys(await planned('12m'))).toHaveLength(3);
  });

  it('adds 24m up to the last day of its 56-day window', async () => {
    const report = await test.app.get(FollowUpExtensionService).addTimepoint(clinic.admin, '24m', { dryRun: false });
    expect(report).toEqual({ timepoint: '24m', dryRun: false, considered: 6, added: 5, windowClosed: 1 });
    expect(Object.keys(await planned('24m')).sort()).toEqual(['closedYesterday12m', 'due12mToday', 'lastDay12m', 'lastDay24m', 'recent']);
    expect((await planned('24m'))['lastDay24m'].closes_at).toEqual(DateTime.fromISO(clinicDay(test, 1), { zone: test.config.clinicTimezone }).toJSDate());
  });
});
