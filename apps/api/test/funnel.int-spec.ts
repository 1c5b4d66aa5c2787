import { randomBytes } from 'node:crypto';
import type { FunnelPoint as Point } from '@stride/contracts';
import { definitionVersionLabel, exactFunnelLimits, randomEffectsFunnelLimits } from '@stride/outcomes';
import { Api, signIn, startTestApp, TestApp } from './harness';

// GET /api/cohorts/funnel on real PostgreSQL (DESIGN.md "Contract v1.1", "Funnel v2"). Each describe
// is its own clinic (database), because the funnel always covers every surgeon of the clinic.

const FUNNEL = '/api/cohorts/funnel?timepoint=6m&measure=success';
const VIEW_KEYS = ['definition', 'k', 'measure', 'method', 'p0', 'phi', 'points', 'tau2', 'timepoint'];
const POINT_KEYS = ['flagged', 'isCaller', 'label', 'lower95', 'lower998', 'n', 'rate', 'surgeonId', 'upper95', 'upper998', 'x'];

/** A surgeon who cannot sign in, straight into `users`; `code` is the research pseudonym. */
async function aSurgeon(test: TestApp, name: string, code = `SG-${randomBytes(3).toString('hex').toUpperCase()}`): Promise<string> {
  const [{ id }] = await test.dataSource.query(
    `INSERT INTO users (email, name, role, password_hash, surgeon_code) VALUES ($1, $2, 'surgeon', 'not-a-hash', $3) RETURNING id`,
    [`${randomBytes(4).toString('hex')}@clinic.test`, name, code],
  );
  return id;
}

/**
 * `n` patients of the surgeon, each with a completed 6-month survey; the first `x` are successes
 * (and satisfied), the rest not. Written as SQL in one statement: 40 patients through the HTTP flow
 * per surgeon would make the test about the survey, not the funnel.
 */
async function casesAt6m(test: TestApp, surgeonId: string, x: number, n: number): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  await test.dataSource.query(
    `WITH p AS (
       INSERT INTO patients (mrn, given_name, family_name, birth_date, language, surgeon_id, subject_code, preferred_channel)
       SELECT 'MRN-' || $2 || '-' || g, 'Test', 'Patient ' || g, DATE '1960-01-01', 'en', $1::uuid, 'S-' || $2 || '-' || g, 'paper'
         FROM generate_series(1, $3::int) g
       RETURNING id
     ), s AS (
       INSERT INTO surgeries (patient_id, surgeon_id, procedure, surgery_date)
       SELECT id, $1::uuid, 'laminectomy', DATE '2025-06-02' FROM p
       RETURNING id
     ), i AS (
       INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, sent_at, completed_at)
       SELECT id, '6m', TIMESTAMPTZ '2025-12-02 14:00Z', TIMESTAMPTZ '2026-01-13 14:00Z', 'completed',
              TIMESTAMPTZ '2025-12-02 14:00Z', TIMESTAMPTZ '2025-12-03 14:00Z'
         FROM s
       RETURNING id
     )
     INSERT INTO responses (invitation_id, mode, collected_at, leg_pain, satisfaction, success, success_v2, satisfied, definition_version)
     SELECT id, 'paper', TIMESTAMPTZ '2025-12-03 14:00Z', 2, 5, ok, ok, ok, $5
       FROM (SELECT id, row_number() OVER (ORDER BY id) <= $4::int AS ok FROM i) numbered`,
    [surgeonId, tag, n, x, definitionVersionLabel()],
  );
}

/** A clinic of its own (a fresh database) with a surgeon per [name, x, n], and an admin signed in. */
function aClinic(surgeons: readonly [name: string, x: number, n: number][]): { test: TestApp; admin: Api } {
  const clinic = {} as { test: TestApp; admin: Api };
  beforeAll(async () => {
    clinic.test = await startTestApp();
    for (const [name, x, n] of surgeons) await casesAt6m(clinic.test, await aSurgeon(clinic.test, name), x, n);
    clinic.admin = (await signIn(clinic.test, 'admin')).api;
  }, 120_000);
  afterAll(() => clinic.test?.close());
  return clinic;
}

describe('funnel: four surgeons at 34/40 and one at 0/40 (the issue)', () => {
  const names = ['Dr. Ada One', 'Dr. Ben Two', 'Dr. Cy Three', 'Dr. Di Four', 'Dr. Ed Outlier'];
  const clinic = aClinic(names.map((name) => [name, name.endsWith('Outlier') ? 0 : 34, 40]));

  it('flags the outlier with exact binomial limits and no phi', async () => {
    const funnel = await clinic.admin.get(FUNNEL);
    expect(funnel.status).toBe(200);
    expect(Object.keys(funnel.body).sort()).toEqual([...VIEW_KEYS].sort());
    expect(funnel.body).toMatchObject({ p0: 0.85, k: 5, phi: null, tau2: 0, method: 'exact-binomial', timepoint: '6m', measure: 'success' });
    expect(funnel.body.points).toHaveLength(5);
    const limits = exactFunnelLimits(0.85, 40);
    for (const point of funnel.body.points) {
      expect(Object.keys(point).sort()).toEqual(POINT_KEYS);
      expect(point).toMatchObject({ n: 40, ...limits });
    }
    const flagged = funnel.body.points.filter((p: Point) => p.flagged);
    expect(flagged).toEqual([expect.objectContaining({ label: 'Dr. Ed Outlier', x: 0, rate: 0 })]);
  });

  it('shows an admin every surgeon by name', async () => {
    const funnel = await clinic.admin.get(FUNNEL);
    expect(funnel.body.points.map((p: Point) => p.label).sort()).toEqual(names);
    expect(funnel.body.points.every((p: Point) => typeof p.surgeonId === 'string')).toBe(true);
    expect(funnel.body).not.toHaveProperty('suppressed');
  });
});

describe('funnel: every surgeon exactly on target', () => {
  // Ten surgeons, so phi is estimated: every z is 0, and so is phi.
  const clinic = aClinic(Array.from({ length: 10 }, (_, i) => [`Dr. On Target ${i}`, 34, 40]));

  it('answers 200 with phi 0 and nobody flagged (it was a 500)', async () => {
    const funnel = await clinic.admin.get(FUNNEL);
    expect(funnel.status).toBe(200);
    expect(funnel.body).toMatchObject({ k: 10, phi: 0, tau2: 0, method: 'exact-binomial' });
    expect(funnel.body.points).toHaveLength(10);
    expect(funnel.body.points.some((p: Point) => p.flagged)).toBe(false);
  });
});

describe('funnel: ten surgeons of 20 cases, nine at 17/20 and one at 5/20 (issue #8)', () => {
  const names = Array.from({ length: 9 }, (_, i) => `Dr. Typical ${i + 1}`);
  const clinic = aClinic([...names.map((name): [string, number, number] => [name, 17, 20]), ['Dr. Low Five', 5, 20]]);

  it('flags exactly the one: winsorising keeps the outlier from widening its own limits', async () => {
    const funnel = await clinic.admin.get(FUNNEL);
    expect(funnel.status).toBe(200);
    // z = 0 for the nine (17/20 is p0), -7.5 for the tenth; winsorised at 10% it becomes 0 too, so
    // phi = 0 and the exact limits stand. Unwinsorised phi would be 5.6 and the limits would widen.
    expect(funnel.body).toMatchObject({ k: 10, phi: 0, tau2: 0, method: 'exact-binomial' });
    const limits = exactFunnelLimits(0.85, 20);
    for (const point of funnel.body.points) expect(point).toMatchObject({ n: 20, ...limits });
    expect(limits.lower998).toBeGreaterThan(0.25);
    expect(limits.lower998).toBeLessThan(0.85);
    const flagged = funnel.body.points.filter((p: Point) => p.flagged);
    expect(flagged).toEqual([expect.objectContaining({ label: 'Dr. Low Five', x: 5, n: 20, rate: 0.25 })]);
    expect(funnel.body.points.filter((p: Point) => !p.flagged).map((p: Point) => p.label).sort()).toEqual(names);
  });
});

describe('funnel: ten surgeons who vary more than chance allows', () => {
  const clinic = aClinic([20, 24, 28, 30, 32, 34, 36, 38, 40, 12].map((x, i) => [`Dr. Varied ${i}`, x, 40]));

  it('widens the limits by tau2 (additive random effects)', async () => {
    const funnel = await clinic.admin.get(FUNNEL);
    expect(funnel.status).toBe(200);
    expect(funnel.body).toMatchObject({ k: 10, method: 'additive-random-effects' });
    expect(funnel.body.phi).toBeGreaterThan(1);
    expect(funnel.body.tau2).toBeGreaterThan(0);
    const limits = randomEffectsFunnelLimits(0.85, 40, funnel.body.tau2);
    for (const point of funnel.body.points) expect(point).toMatchObject({ ...limits, flagged: point.rate < limits.lower998 });
  });
});

describe('funnel: a clinic with no data', () => {
  const clinic = aClinic([]);

  it('answers 200 with no points when there is no surgeon', async () => {
    const funnel = await clinic.admin.get(FUNNEL);
    expect(funnel.status).toBe(200);
    expect(funnel.body).toMatchObject({ k: 0, phi: null, tau2: 0, method: 'exact-binomial', points: [] });
  });

  it('keeps surgeons without cases as empty points, and a surgeon sees their own', async () => {
    await aSurgeon(clinic.test, 'Dr. No Cases Yet');
    const { user, api: surgeon } = await signIn(clinic.test, 'surgeon');
    const funnel = await surgeon.get(FUNNEL);
    expect(funnel.status).toBe(200);
    expect(funnel.body).toMatchObject({ k: 0, phi: null, suppressed: 1 });
    expect(funnel.body.points).toEqual([
      { surgeonId: user.id, label: 'You', isCaller: true, n: 0, x: 0, rate: null, lower95: 0, lower998: 0, upper95: 1, upper998: 1, flagged: false },
    ]);
  });
});

describe('funnel: what a surgeon sees of their peers', () => {
  const clinic = aClinic([]);
  let surgeon: Api;
  let surgeonId: string;
  const peerNames = ['Dr. Abe Alpha', 'Dr. Zed Omega', 'Dr. Small Practice', 'Dr. Not Started'];
  const peerIds: string[] = [];

  beforeAll(async () => {
    const { test } = clinic;
    const caller = await signIn(test, 'surgeon', 'Dr. Caller');
    surgeon = caller.api;
    surgeonId = caller.user.id;
    // The caller has fewer than 10 cases too: their own point is never left out.
    await casesAt6m(test, surgeonId, 8, 9);
    // Pseudonyms in the opposite order of the names: labels follow the random pseudonym.
    peerIds.push(await aSurgeon(test, peerNames[0], 'SG-ZZZZZZ'));
    peerIds.push(await aSurgeon(test, peerNames[1], 'SG-AAAAAA'));
    peerIds.push(await aSurgeon(test, peerNames[2], 'SG-MMMMMM'));
    peerIds.push(await aSurgeon(test, peerNames[3], 'SG-NNNNNN'));
    await casesAt6m(test, peerIds[0], 36, 40);
    await casesAt6m(test, peerIds[1], 30, 40);
    await casesAt6m(test, peerIds[2], 3, 5);
  });

  it('leaves out peers with fewer than 10 cases, counts them in suppressed, and never names a peer', async () => {
    const funnel = await surgeon.get(FUNNEL);
    expect(funnel.status).toBe(200);
    expect(Object.keys(funnel.body).sort()).toEqual([...VIEW_KEYS, 'suppressed'].sort());
    // k, phi and the limits are the whole clinic's: the caller, two large peers and the small one.
    expect(funnel.body).toMatchObject({ k: 4, phi: null, method: 'exact-binomial', suppressed: 2 });
    expect(funnel.body.points.map((p: Point) => [p.label, p.surgeonId, p.x, p.n])).toEqual([
      ['You', surgeonId, 8, 9],
      ['Surgeon 1', null, 30, 40],
      ['Surgeon 2', null, 36, 40],
    ]);
    for (const secret of [...peerNames, ...peerIds, 'SG-']) expect(funnel.text).not.toContain(secret);
  });

  it('gives each peer the same label whatever the measure', async () => {
    const [success, satisfaction] = await Promise.all([
      surgeon.get(FUNNEL),
      surgeon.get('/api/cohorts/funnel?timepoint=6m&measure=satisfaction'),
    ]);
    const byLabel = (points: Point[]): [string, number][] => points.map((p) => [p.label, p.n]);
    expect(byLabel(satisfaction.body.points)).toEqual(byLabel(success.body.points));
  });

  it('shows a researcher every surgeon by pseudonym, small ones included', async () => {
    const researcher = (await signIn(clinic.test, 'researcher')).api;
    const funnel = await researcher.get(FUNNEL);
    expect(funnel.status).toBe(200);
    expect(funnel.body).not.toHaveProperty('suppressed');
    expect(funnel.body.points).toHaveLength(5);
    expect(funnel.body.points.every((p: Point) => /^SG-/.test(p.label))).toBe(true);
  });

  it('shows an admin the small peers by name', async () => {
    const funnel = await clinic.admin.get(FUNNEL);
    expect(funnel.body.points.map((p: Point) => p.label).sort()).toEqual(['Dr. Caller', ...peerNames].sort());
  });
});
