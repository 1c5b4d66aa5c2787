import { Api, signIn, startTestApp, TestApp } from './harness';

// Success v2 (issue #8) over HTTP on real PostgreSQL: v1 except that a baseline leg pain below 3 is
// not evaluable. Five patients operated on 2026-02-18 (today is 2026-03-10), each with a paper
// baseline and a paper 2-week answer; walking distance improves from bin 1 to bin 2 for everyone.
//
//   patient  baseline leg pain -> 2w   v1        v2
//   A        2 -> 0 (entered 2w first) success   not evaluable (low baseline)
//   B        1 -> 0                    failure   not evaluable (low baseline)
//   C        3 -> 1                    success   success
//   D        8 -> 7                    failure   failure
//   E        10 -> 7                   success   success

const CASES = { A: [2, 0], B: [1, 0], C: [3, 1], D: [8, 7], E: [10, 7] } as const;

interface Row {
  [column: string]: string;
}

function csvRows(text: string): Row[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}

describe('success v2', () => {
  let test: TestApp;
  let admin: Api;
  let surgeonId: string;
  const patients: Record<string, string> = {};

  beforeAll(async () => {
    test = await startTestApp();
    admin = (await signIn(test, 'admin')).api;
    surgeonId = (await signIn(test, 'surgeon')).user.id;
    for (const [key, [before, after]] of Object.entries(CASES)) {
      const patient = await admin.post('/api/patients', {
        mrn: `MRN-V2-${key}-${Math.random().toString(36).slice(2, 8)}`,
        givenName: key,
        familyName: 'Case',
        birthDate: '1950-01-01',
        language: 'en',
        surgeonId,
      });
      const surgery = await admin.post(`/api/patients/${patient.body.id}/surgeries`, { procedure: 'laminectomy', surgeryDate: '2026-02-18' });
      const id = (timepoint: string): string => surgery.body.invitations.find((i: { timepoint: string }) => i.timepoint === timepoint).id;
      const baseline = (): Promise<{ status: number }> =>
        admin.post(`/api/invitations/${id('baseline')}/responses`, { answers: { legPain: before, backPain: 4, walkingDistance: 1 }, mode: 'paper', collectedAt: '2026-02-10' });
      const twoWeeks = (): Promise<{ status: number }> =>
        admin.post(`/api/invitations/${id('2w')}/responses`, { answers: { legPain: after, backPain: 2, walkingDistance: 2, satisfaction: 4 }, mode: 'paper', collectedAt: '2026-03-05' });
      // A's baseline comes in late, after the 2-week answer: its flags are rescored then.
      const order = key === 'A' ? [twoWeeks, baseline] : [baseline, twoWeeks];
      for (const step of order) expect((await step()).status).toBe(201);
      patients[key] = patient.body.id;
    }
  }, 120_000);
  afterAll(() => test?.close());

  const at2w = (summary: { timepoints: { timepoint: string }[] }): Record<string, any> => summary.timepoints.find((t) => t.timepoint === '2w') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the API

  it('is the summary default: low baselines leave n and are counted', async () => {
    const summary = (await admin.get('/api/cohorts/summary')).body;
    expect(summary.definitions.success).toMatchObject({ name: 'success', version: 'v2', description: expect.stringContaining('below 3') });
    expect(at2w(summary)).toMatchObject({ responded: 5, success: { x: 2, n: 3 }, notEvaluableLowBaseline: 2 });
    expect(at2w(summary).success.rate).toBeCloseTo(2 / 3, 12);
    expect(summary.timepoints.find((t: { timepoint: string }) => t.timepoint === 'baseline').notEvaluableLowBaseline).toBe(0);
  });

  it('gives v1 when asked, with every case evaluable', async () => {
    const summary = (await admin.get('/api/cohorts/summary?definition=success-v1')).body;
    expect(summary.definitions.success).toMatchObject({ name: 'success', version: 'v1' });
    expect(at2w(summary)).toMatchObject({ success: { x: 3, n: 5 }, notEvaluableLowBaseline: 0 });
  });

  it('funnel and case mix say which version they counted', async () => {
    const v2 = (await admin.get('/api/cohorts/funnel?timepoint=2w')).body;
    expect(v2.definition.version).toBe('v2');
    expect(v2.points.find((p: { surgeonId: string }) => p.surgeonId === surgeonId)).toMatchObject({ x: 2, n: 3 });
    const v1 = (await admin.get('/api/cohorts/funnel?timepoint=2w&definition=success-v1')).body;
    expect(v1.definition.version).toBe('v1');
    expect(v1.points.find((p: { surgeonId: string }) => p.surgeonId === surgeonId)).toMatchObject({ x: 3, n: 5 });
    const satisfaction = (await admin.get('/api/cohorts/funnel?timepoint=2w&measure=satisfaction')).body;
    expect(satisfaction.definition).toMatchObject({ name: 'satisfied', version: 'v1' });
    const caseMix = (await admin.get('/api/cohorts/case-mix?timepoint=2w&definition=success-v1')).body;
    expect(caseMix.definition.version).toBe('v1');
    expect(caseMix.surgeons.find((s: { surgeonId: string }) => s.surgeonId === surgeonId).n).toBe(5);
    expect((await admin.get('/api/cohorts/case-mix?timepoint=2w')).body.surgeons.find((s: { surgeonId: string }) => s.surgeonId === surgeonId).n).toBe(3);
  });

  it('exports each row with the version it used', async () => {
    const researcher = (await signIn(test, 'researcher')).api;
    const byLeg = (rows: Row[]): Record<string, Row> =>
      Object.fromEntries(rows.filter((r) => r['timepoint'] === '2w').map((r) => [r['leg_pain'], r]));
    const v2 = csvRows((await researcher.get('/api/exports/outcomes.csv?format=long')).text);
    const v1 = csvRows((await researcher.get('/api/exports/outcomes.csv?format=long&definition=success-v1')).text);
    expect(v2.filter((r) => r['status'] === 'completed').every((r) => r['definition_version'] === 'success-v2;satisfied-v1')).toBe(true);
    expect(v1.filter((r) => r['status'] === 'completed').every((r) => r['definition_version'] === 'success-v1;satisfied-v1')).toBe(true);
    // 2w leg pain 0 is A and B (low baselines), 1 is C, 7 is D and E.
    expect(v2.filter((r) => r['timepoint'] === '2w').map((r) => [r['leg_pain'], r['success']]).sort()).toEqual([['0', ''], ['0', ''], ['1', '1'], ['7', '0'], ['7', '1']]);
    expect(v1.filter((r) => r['timepoint'] === '2w').map((r) => [r['leg_pain'], r['success']]).sort()).toEqual([['0', '0'], ['0', '1'], ['1', '1'], ['7', '0'], ['7', '1']]);
    expect(byLeg(v2)['1']['satisfied']).toBe('1');
    const wide = csvRows((await researcher.get('/api/exports/outcomes.csv?format=wide&definition=success-v1')).text);
    expect(new Set(wide.map((r) => r['definition_version_2w']))).toEqual(new Set(['success-v1;satisfied-v1']));
  });

  it('refuses an unknown definition, naming the field', async () => {
    for (const path of ['/api/cohorts/summary', '/api/cohorts/funnel', '/api/exports/outcomes.csv']) {
      const refused = await admin.get(`${path}?definition=success-v3`);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'definition', message: 'definition must be one of success-v1, success-v2' }] });
    }
  });

  it('stores both versions on each response, rescored when a baseline comes in late', async () => {
    const rows: { given_name: string; success: boolean | null; success_v2: boolean | null; definition_version: string }[] = await test.dataSource.query(
      `SELECT p.given_name, r.success, r.success_v2, r.definition_version
         FROM responses r JOIN invitations i ON i.id = r.invitation_id JOIN surgeries s ON s.id = i.surgery_id JOIN patients p ON p.id = s.patient_id
        WHERE i.timepoint = '2w' ORDER BY p.given_name`,
    );
    expect(rows.map((r) => [r.given_name, r.success, r.success_v2])).toEqual([
      ['A', true, null], ['B', false, null], ['C', true, true], ['D', false, false], ['E', true, true],
    ]);
    expect(new Set(rows.map((r) => r.definition_version))).toEqual(new Set(['success-v1;success-v2;satisfied-v1']));
    const detail = await admin.get(`/api/patients/${patients['A']}`);
    expect(detail.body.surgeries[0].scores.find((s: { timepoint: string }) => s.timepoint === '2w')).toMatchObject({ success: null, definitionVersion: 'success-v1;success-v2;satisfied-v1' });
  });
});
