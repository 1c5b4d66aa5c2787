import { randomBytes } from 'node:crypto';
import type { Procedure, SurgeonCaseMix } from '@stride/contracts';
import { definitionVersionLabel, logisticProbability } from '@stride/outcomes';
import { Api, signIn, startTestApp, TestApp } from './harness';

// GET /api/cohorts/case-mix on real PostgreSQL (docs/design.md, "Case mix and risk adjustment"). Each
// describe is its own clinic (database): the model is fitted on every evaluable case of the clinic.

const CASE_MIX = '/api/cohorts/case-mix?timepoint=6m';
const VIEW_KEYS = ['definition', 'model', 'surgeons', 'timepoint'];
const ROW_KEYS = [
  'adjustedRate',
  'expected',
  'isCaller',
  'label',
  'meanAge',
  'meanBaselineLegPain',
  'n',
  'observed',
  'oe',
  'oeCi95',
  'procedures',
  'surgeonId',
  'walkingBins',
];

interface Case {
  age: number;
  legPain: number;
  walking: number;
  procedure: Procedure;
  success: boolean;
}

/** A surgeon who cannot sign in, straight into `users`; `code` is the research pseudonym. */
async function aSurgeon(test: TestApp, name: string, code = `SG-${randomBytes(3).toString('hex').toUpperCase()}`): Promise<string> {
  const [{ id }] = await test.dataSource.query(
    `INSERT INTO users (email, name, role, password_hash, surgeon_code) VALUES ($1, $2, 'surgeon', 'not-a-hash', $3) RETURNING id`,
    [`${randomBytes(4).toString('hex')}@clinic.test`, name, code],
  );
  return id;
}

/**
 * One patient per case, operated on 2025-06-02 at the case's age, with a completed baseline (the
 * case's leg pain and walking bin) and a completed 6-month survey whose stored success flag is the
 * case's. One SQL statement: hundreds of patients through the HTTP flow would make the test about
 * the survey, not the statistics.
 */
async function operate(test: TestApp, surgeonId: string, cases: readonly Case[]): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  await test.dataSource.query(
    `WITH c AS (
       SELECT * FROM unnest($3::int[], $4::int[], $5::int[], $6::text[], $7::bool[]) WITH ORDINALITY
                     AS c(age, leg_pain, walking, procedure, success, k)
     ), p AS (
       INSERT INTO patients (mrn, given_name, family_name, birth_date, language, surgeon_id, subject_code, preferred_channel)
       SELECT 'MRN-' || $2 || '-' || k, 'Test', 'Patient ' || k, (DATE '2025-06-02' - make_interval(years => age) - interval '100 days')::date,
              'en', $1::uuid, 'S-' || $2 || '-' || k, 'paper'
         FROM c
       RETURNING id, subject_code
     ), s AS (
       INSERT INTO surgeries (patient_id, surgeon_id, procedure, surgery_date)
       SELECT p.id, $1::uuid, c.procedure, DATE '2025-06-02' FROM p JOIN c ON p.subject_code = 'S-' || $2 || '-' || c.k
       RETURNING id, patient_id
     ), i AS (
       INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, sent_at, completed_at)
       SELECT s.id, t.timepoint, t.due, t.due + interval '28 days', 'completed', t.due, t.due + interval '1 day'
         FROM s CROSS JOIN (VALUES ('baseline', TIMESTAMPTZ '2025-05-20 14:00Z'), ('6m', TIMESTAMPTZ '2025-12-01 14:00Z')) t(timepoint, due)
       RETURNING id, surgery_id, timepoint
     )
     INSERT INTO responses (invitation_id, mode, collected_at, leg_pain, walking_distance, satisfaction, success, success_v2, satisfied, definition_version)
     SELECT i.id, 'paper', TIMESTAMPTZ '2025-12-02 14:00Z',
            CASE WHEN i.timepoint = 'baseline' THEN c.leg_pain ELSE 2 END,
            CASE WHEN i.timepoint = 'baseline' THEN c.walking ELSE 4 END,
            CASE WHEN i.timepoint = 'baseline' THEN NULL ELSE 5 END,
            CASE WHEN i.timepoint = 'baseline' THEN NULL ELSE c.success END,
            -- The fixture's flag stands for both versions: the model is what is tested here.
            CASE WHEN i.timepoint = 'baseline' THEN NULL ELSE c.success END,
            CASE WHEN i.timepoint = 'baseline' THEN NULL ELSE true END,
            $8
       FROM i JOIN s ON s.id = i.surgery_id JOIN p ON p.id = s.patient_id JOIN c ON p.subject_code = 'S-' || $2 || '-' || c.k`,
    [
      surgeonId,
      tag,
      cases.map((c) => c.age),
      cases.map((c) => c.legPain),
      cases.map((c) => c.walking),
      cases.map((c) => c.procedure),
      cases.map((c) => c.success),
      definitionVersionLabel(),
    ],
  );
}

/** `count` cases like `template`, the first `successes` of them successes. */
function cell(template: Omit<Case, 'success'>, count: number, successes: number): Case[] {
  return Array.from({ length: count }, (_, i) => ({ ...template, success: i < successes }));
}

/**
 * One risk model for everyone: logit P(success) = -1 + 0.4 leg pain - 0.5 walking bin - 1 (80+)
 * - 0.5 (endoscopic). Sixteen kinds of patient; surgeon A has 30 of each kind below the median
 * risk and 10 of the others, B the reverse, and in each kind both succeed as the model says (rounded
 * to a whole case). So A's raw rate is far below B's, and after adjustment both are the clinic's.
 * numpy's fit of the same 640 cases (independent of the library): O/E 1.0006 for A, 0.9996 for B.
 */
function sameRiskDifferentPatients(): { a: Case[]; b: Case[] } {
  const kinds: (Omit<Case, 'success'> & { p: number })[] = [];
  for (const legPain of [4, 8])
    for (const walking of [0, 3])
      for (const age of [65, 84])
        for (const procedure of ['laminectomy', 'endoscopic_decompression'] as const) {
          const eta = -1 + 0.4 * legPain - 0.5 * walking - (age >= 80 ? 1 : 0) - (procedure === 'laminectomy' ? 0 : 0.5);
          kinds.push({ legPain, walking, age, procedure, p: logisticProbability(eta) });
        }
  const median = [...kinds.map((k) => k.p)].sort((x, y) => x - y).reduce((m, p, i, all) => (i === all.length / 2 ? (all[i - 1] + p) / 2 : m), 0);
  const casesOf = (sicker: boolean): Case[] =>
    kinds.flatMap(({ p, ...kind }) => {
      const count = (p < median) === sicker ? 30 : 10;
      return cell(kind, count, Math.round(count * p));
    });
  return { a: casesOf(true), b: casesOf(false) };
}

/** A clinic of its own (a fresh database) and an admin signed in. */
function aClinic(setup: (test: TestApp) => Promise<void>): { test: TestApp; admin: Api } {
  const clinic = {} as { test: TestApp; admin: Api };
  beforeAll(async () => {
    clinic.test = await startTestApp();
    await setup(clinic.test);
    clinic.admin = (await signIn(clinic.test, 'admin')).api;
  }, 120_000);
  afterAll(() => clinic.test?.close());
  return clinic;
}

describe('case mix: A operates on sicker patients than B, with the same risk model', () => {
  const { a, b } = sameRiskDifferentPatients();
  const clinic = aClinic(async (test) => {
    await operate(test, await aSurgeon(test, 'Dr. Ann Sicker'), a);
    await operate(test, await aSurgeon(test, 'Dr. Bo Healthier'), b);
  });
  const row = (rows: SurgeonCaseMix[], label: string): SurgeonCaseMix => rows.find((r) => r.label === label) as SurgeonCaseMix;

  it('fits the model on the clinic and gives both O/E close to 1 while their raw rates differ', async () => {
    const view = await clinic.admin.get(CASE_MIX);

    expect(view.status).toBe(200);
    expect(Object.keys(view.body).sort()).toEqual(VIEW_KEYS);
    expect(view.body.model).toMatchObject({ status: 'fitted', n: 640, events: 306, clinicRate: 306 / 640 });
    expect(view.body.model.covariates).toEqual(expect.arrayContaining(['baselineLegPain', 'baselineWalkingBin']));
    const sicker = row(view.body.surgeons, 'Dr. Ann Sicker');
    const healthier = row(view.body.surgeons, 'Dr. Bo Healthier');
    expect(Object.keys(sicker).sort()).toEqual(ROW_KEYS);
    expect(sicker.observed / sicker.n).toBeCloseTo(0.372, 3);
    expect(healthier.observed / healthier.n).toBeCloseTo(0.584, 3);
    expect(sicker.oe).toBeCloseTo(1.0006, 3);
    expect(healthier.oe).toBeCloseTo(0.9996, 3);
    for (const r of [sicker, healthier]) {
      expect(r.oeCi95?.[0]).toBeLessThan(1);
      expect(r.oeCi95?.[1]).toBeGreaterThan(1);
      expect(r.adjustedRate).toBeCloseTo(306 / 640, 2);
    }
  });

  it("recovers the risk model's coefficients", async () => {
    const { model } = (await clinic.admin.get(CASE_MIX)).body;
    const estimate = (term: string): number => model.coefficients.find((c: { term: string }) => c.term === term).estimate;

    expect(estimate('baselineLegPain')).toBeCloseTo(0.4, 1);
    expect(estimate('baselineWalkingBin')).toBeCloseTo(-0.5, 1);
  });

  it('describes who each surgeon operated on', async () => {
    const sicker = row((await clinic.admin.get(CASE_MIX)).body.surgeons, 'Dr. Ann Sicker');
    const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

    expect(sicker).toMatchObject({ n: a.length, observed: a.filter((c) => c.success).length, isCaller: false });
    expect(sicker.meanAge).toBeCloseTo(mean(a.map((c) => c.age)), 9);
    expect(sicker.meanBaselineLegPain).toBeCloseTo(mean(a.map((c) => c.legPain)), 9);
    expect(sicker.walkingBins).toEqual([0, 1, 2, 3, 4].map((bin) => a.filter((c) => c.walking === bin).length));
    expect(sicker.procedures).toEqual({
      laminectomy: a.filter((c) => c.procedure === 'laminectomy').length,
      endoscopic_decompression: a.filter((c) => c.procedure === 'endoscopic_decompression').length,
      other: 0,
    });
  });

  it('applies the cohort filters to the model too: one procedure leaves procedure out of it', async () => {
    const view = await clinic.admin.get(`${CASE_MIX}&procedure=laminectomy`);

    expect(view.status).toBe(200);
    expect(view.body.model.n).toBe(320);
    expect(view.body.model.covariates.some((c: string) => c.startsWith('procedure'))).toBe(false);
    expect(view.body.model.reference.procedure).toBeNull();
  });

  it('records each look in the audit log', async () => {
    await clinic.admin.get(`${CASE_MIX}&ageBand=80%2B`);

    const rows = await clinic.test.dataSource.query(`SELECT detail FROM audit_events WHERE action = 'cohort.case-mix' ORDER BY id DESC LIMIT 1`);
    expect(rows[0].detail).toEqual({ ageBand: '80+', timepoint: '6m', definition: 'success-v2' });
  });

  it('refuses a measure (case mix is about success) and a baseline time point', async () => {
    expect((await clinic.admin.get(`${CASE_MIX}&measure=success`)).status).toBe(400);
    expect((await clinic.admin.get('/api/cohorts/case-mix?timepoint=baseline')).status).toBe(400);
  });
});

describe('case mix: a clinic too small for the model', () => {
  const clinic = aClinic(async (test) => {
    const kind = { age: 70, legPain: 7, walking: 1, procedure: 'laminectomy' as const };
    await operate(test, await aSurgeon(test, 'Dr. Small One'), [...cell(kind, 20, 16), ...cell({ ...kind, legPain: 9 }, 10, 9)]);
    await operate(test, await aSurgeon(test, 'Dr. Small Two'), cell({ ...kind, walking: 3 }, 25, 20));
  });

  it('says the model is insufficient, and why, and still shows each case mix and O', async () => {
    const view = await clinic.admin.get(CASE_MIX);

    expect(view.status).toBe(200);
    expect(view.body.model).toMatchObject({
      status: 'insufficient',
      reasonCode: 'too-few-cases',
      reason: '55 evaluable cases; the model needs at least 100',
      n: 55,
      events: 45,
    });
    expect(view.body.model).not.toHaveProperty('coefficients');
    const rows = view.body.surgeons.map((r: SurgeonCaseMix) => [r.label, r.n, r.observed, r.expected, r.oe, r.oeCi95, r.adjustedRate]);
    expect(rows.sort()).toEqual([
      ['Dr. Small One', 30, 25, null, null, null, null],
      ['Dr. Small Two', 25, 20, null, null, null, null],
    ]);
  });
});

describe('case mix: enough cases but too few failures', () => {
  const clinic = aClinic(async (test) => {
    const cases = Array.from({ length: 150 }, (_, i): Case => ({
      age: [58, 66, 74, 83][i % 4],
      legPain: 5 + (i % 6),
      walking: i % 5,
      procedure: (['laminectomy', 'endoscopic_decompression'] as const)[i % 2],
      success: i % 10 !== 0,
    }));
    await operate(test, await aSurgeon(test, 'Dr. Mostly Fine'), cases);
  });

  it('names the events-per-coefficient rule', async () => {
    const { model } = (await clinic.admin.get(CASE_MIX)).body;

    expect(model).toMatchObject({ status: 'insufficient', reasonCode: 'too-few-events', n: 150, events: 135 });
    expect(model.reason).toBe('15 failures for 6 coefficients; the model needs at least 60 (10 per coefficient)');
  });
});

describe('case mix: what a surgeon and a researcher see', () => {
  const peerNames = ['Dr. Ann Sicker', 'Dr. Bo Healthier', 'Dr. Few Cases'];
  const peerIds: string[] = [];
  let surgeon: Api;
  let surgeonId: string;
  const clinic = aClinic(async (test) => {
    const { a, b } = sameRiskDifferentPatients();
    // Pseudonyms in the opposite order of the names: peers are numbered in pseudonym order.
    peerIds.push(await aSurgeon(test, peerNames[0], 'SG-ZZZZZZ'));
    peerIds.push(await aSurgeon(test, peerNames[1], 'SG-AAAAAA'));
    peerIds.push(await aSurgeon(test, peerNames[2], 'SG-MMMMMM'));
    await operate(test, peerIds[0], a);
    await operate(test, peerIds[1], b);
    await operate(test, peerIds[2], a.slice(0, 9));
    const caller = await signIn(test, 'surgeon', 'Dr. Caller');
    surgeon = caller.api;
    surgeonId = caller.user.id;
    // The caller has fewer than 10 cases too: their own row is never left out.
    await operate(test, surgeonId, b.slice(0, 6));
  });

  it('shows the surgeon "You" and only peers with 10 or more cases, unnamed, with how many were left out', async () => {
    const view = await surgeon.get(`${CASE_MIX}&surgeonId=${surgeonId}`);

    expect(view.status).toBe(200);
    expect(Object.keys(view.body).sort()).toEqual([...VIEW_KEYS, 'suppressed'].sort());
    expect(view.body.suppressed).toBe(1);
    // The model is the whole clinic's, the small peer included.
    expect(view.body.model).toMatchObject({ status: 'fitted', n: 640 + 9 + 6 });
    expect(view.body.surgeons.map((r: SurgeonCaseMix) => [r.label, r.surgeonId, r.isCaller, r.n])).toEqual([
      ['You', surgeonId, true, 6],
      ['Surgeon 1', null, false, 320],
      ['Surgeon 2', null, false, 320],
    ]);
    expect(view.body.surgeons[1].meanAge).toBeLessThan(view.body.surgeons[2].meanAge);
    for (const secret of [...peerNames, ...peerIds, 'SG-']) expect(view.text).not.toContain(secret);
  });

  it('shows a researcher every surgeon by pseudonym, and takes whole years only', async () => {
    const researcher = (await signIn(clinic.test, 'researcher')).api;

    const view = await researcher.get(`${CASE_MIX}&surgeryFrom=2025-01-01&surgeryTo=2025-12-31`);
    expect(view.status).toBe(200);
    expect(view.body).not.toHaveProperty('suppressed');
    const labels: string[] = view.body.surgeons.map((r: SurgeonCaseMix) => r.label);
    expect(labels).toHaveLength(4);
    expect(labels).toEqual([...labels].sort());
    expect(labels).toEqual(expect.arrayContaining(['SG-AAAAAA', 'SG-MMMMMM', 'SG-ZZZZZZ']));
    for (const name of [...peerNames, 'Dr. Caller']) expect(view.text).not.toContain(name);

    const narrow = await researcher.get(`${CASE_MIX}&surgeryFrom=2025-06-01`);
    expect(narrow.status).toBe(400);
    expect(narrow.body.errors).toEqual([expect.objectContaining({ field: 'surgeryFrom' })]);
  });
});
