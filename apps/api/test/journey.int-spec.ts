import { createHash } from 'node:crypto';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { startSmtpSink } from './smtp-sink';

/**
 * The walking skeleton's whole journey through the HTTP contract, as a new clinic would live it:
 * admin, surgeon, patient (real SMTP, real survey link), another surgeon, and a researcher.
 */
describe('follow-up journey', () => {
  let test: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let admin: Api;
  let surgeon: Api;
  let surgeonId: string;
  let patientId: string;
  let invitations: { id: string; timepoint: string; status: string }[];
  let token: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // 2026-03-10 10:00 in New York; the surgery was 15 days earlier, so its 2-week survey is due.
    test = await startTestApp({ env: { SMTP_URL: sink.url, MAIL_FROM: 'Stride <stride@clinic.test>' }, now: '2026-03-10T14:00:00Z' });
    admin = (await signIn(test, 'admin')).api;
  });

  afterAll(async () => {
    await test?.close();
    await sink?.close();
  });

  it('1. an admin creates a surgeon, who can then sign in', async () => {
    const created = await admin.post('/api/users', {
      email: 'dr.ortiz@clinic.test',
      name: 'Dr. Ana Ortiz',
      role: 'surgeon',
      password: 'correct horse battery',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), email: 'dr.ortiz@clinic.test', name: 'Dr. Ana Ortiz', role: 'surgeon', active: true });
    surgeonId = created.body.id;
    const login = await new Api(test.baseUrl).post('/api/auth/login', { email: 'dr.ortiz@clinic.test', password: 'correct horse battery' });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('surgeon');
    surgeon = new Api(test.baseUrl, login.body.accessToken);
  });

  it('2. the admin enrolls a patient operated 15 days ago and records a paper baseline', async () => {
    const patient = await admin.post('/api/patients', {
      mrn: 'MRN-778812',
      givenName: 'Rosa',
      familyName: 'Quintanilla',
      birthDate: '1951-06-02',
      email: 'rosa.q@example.org',
      language: 'en',
      surgeonId,
    });
    expect(patient.status).toBe(201);
    patientId = patient.body.id;

    const surgery = await admin.post(`/api/patients/${patientId}/surgeries`, { procedure: 'laminectomy', surgeryDate: '2026-02-23' });
    expect(surgery.status).toBe(201);
    invitations = surgery.body.invitations;
    expect(invitations.map((i) => [i.timepoint, i.status])).toEqual([
      ['baseline', 'missed'],
      ['2w', 'pending'],
      ['6w', 'pending'],
      ['3m', 'pending'],
      ['6m', 'pending'],
    ]);

    const baseline = invitations[0];
    const afterSurgery = await admin.post(`/api/invitations/${baseline.id}/responses`, {
      answers: { legPain: 8, backPain: 6, walkingDistance: 1 },
      mode: 'paper',
      collectedAt: '2026-02-24',
    });
    expect(afterSurgery.status).toBe(400);
    expect(afterSurgery.body.code).toBe('OUTSIDE_WINDOW');
    expect(afterSurgery.body.errors).toEqual([{ field: 'collectedAt', message: expect.stringContaining('must be collected between') }]);

    const paper = await admin.post(`/api/invitations/${baseline.id}/responses`, {
      answers: { legPain: 8, backPain: 6, walkingDistance: 1 },
      mode: 'paper',
      collectedAt: '2026-02-20',
    });
    expect(paper.status).toBe(201);
    // The refused entry left no audit row; the stored one left exactly one, naming who entered it.
    const entries = await test.dataSource.query(`SELECT actor_role, detail FROM audit_events WHERE action = 'response.staff_entry' AND entity_id = $1`, [baseline.id]);
    expect(entries).toEqual([{ actor_role: 'admin', detail: { mode: 'paper' } }]);
  });

  it('3. one scheduler run mails exactly one 2-week link over SMTP, with no surname or MRN', async () => {
    const run = await admin.post('/api/admin/scheduler/run');
    expect(run.status).toBe(200);
    expect(run.body).toEqual({ claimed: 1, sent: 1, failed: 0, missed: 0, errors: 0 });
    expect(sink.mails).toHaveLength(1);
    const [mail] = sink.mails;
    expect(mail.to).toEqual(['rosa.q@example.org']);
    expect(mail.text).not.toMatch(/Quintanilla|MRN-778812|Rosa/);
    const link = /http:\/\/stride\.test\/s\/([A-Za-z0-9_-]{43})/.exec(mail.text);
    expect(link).not.toBeNull();
    token = (link as RegExpExecArray)[1];

    // Only the token's sha256 is stored; the outbox no longer holds the link once SMTP took it.
    const [row] = await test.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [invitations[1].id]);
    expect(row.status).toBe('sent');
    const hashes = await test.dataSource.query(`SELECT token_hash FROM survey_tokens WHERE invitation_id = $1`, [invitations[1].id]);
    expect(hashes).toHaveLength(1);
    expect(Buffer.compare(hashes[0].token_hash, createHash('sha256').update(token).digest())).toBe(0);
    const leaks = await test.dataSource.query(
      `SELECT count(*)::int AS n FROM outbound_messages m, invitations i
        WHERE strpos(m.body, $1) > 0 OR strpos(i.draft_answers::text, $1) > 0`,
      [token],
    );
    expect(leaks[0].n).toBe(0);
  });

  it('4. the patient opens the link, saves a partial answer, gets a 400 naming a bad field, then submits', async () => {
    const patient = new Api(test.baseUrl);
    const view = await patient.get(`/api/public/surveys/${token}`);
    expect(view.status).toBe(200);
    expect(view.headers.get('referrer-policy')).toBe('no-referrer');
    expect(view.headers.get('cache-control')).toBe('no-store');
    expect(view.body.timepoint).toBe('2w');
    expect(view.body.questions.map((q: { id: string }) => q.id)).toEqual(['legPain', 'backPain', 'walkingDistance', 'satisfaction']);

    expect((await patient.put(`/api/public/surveys/${token}/answers`, { answers: { legPain: 3 } })).status).toBe(204);
    expect((await patient.get(`/api/public/surveys/${token}`)).body.savedAnswers).toEqual({ legPain: 3 });

    const bad = await patient.post(`/api/public/surveys/${token}/responses`, {
      answers: { legPain: 3, backPain: 2, walkingDistance: 7, satisfaction: 5 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'answers.walkingDistance', message: expect.any(String) }]);

    const ok = await patient.post(`/api/public/surveys/${token}/responses`, {
      answers: { legPain: 3, backPain: 2, walkingDistance: 2, satisfaction: 5 },
    });
    expect(ok.status).toBe(201);
  });

  it('5. a second submit gets a 409, and a second scheduler run sends nothing', async () => {
    const again = await new Api(test.baseUrl).post(`/api/public/surveys/${token}/responses`, {
      answers: { legPain: 3, backPain: 2, walkingDistance: 2, satisfaction: 5 },
    });
    expect(again.status).toBe(409);
    expect((await new Api(test.baseUrl).get(`/api/public/surveys/${token}`)).status).toBe(409);
    // One submission stored, one audit row (the refused ones, 400 and 409, left none).
    const submitted = await test.dataSource.query(`SELECT actor_id FROM audit_events WHERE action = 'survey.submitted'`);
    expect(submitted).toEqual([{ actor_id: null }]);
    const run = await admin.post('/api/admin/scheduler/run');
    expect(run.body).toEqual({ claimed: 0, sent: 0, failed: 0, missed: 0, errors: 0 });
    expect(sink.mails).toHaveLength(1);
  });

  it('6. the surgeon summary counts the success and the satisfaction at 2 weeks', async () => {
    const summary = await surgeon.get('/api/cohorts/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.definitions.success.version).toBe('v2');
    expect(summary.body.benchmarks).toEqual({ success: 0.85, satisfaction: 0.9 });
    const twoWeeks = summary.body.timepoints.find((t: { timepoint: string }) => t.timepoint === '2w');
    expect(twoWeeks).toMatchObject({
      eligible: 1,
      responded: 1,
      success: { x: 1, n: 1, rate: 1, insufficient: true },
      satisfaction: { x: 1, n: 1, rate: 1, insufficient: true },
      legPain: { mean: 3, meanChange: -5 },
      walkingDistance: { bins: [0, 0, 1, 0, 0] },
    });

    const detail = await surgeon.get(`/api/patients/${patientId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.surgeries[0].scores.find((s: { timepoint: string }) => s.timepoint === '2w')).toMatchObject({
      mode: 'web',
      success: true,
      satisfied: true,
      definitionVersion: expect.stringContaining('v1'),
    });
  });

  it('7. another surgeon can neither see nor open the patient', async () => {
    const other = (await signIn(test, 'surgeon')).api;
    expect((await other.get(`/api/patients/${patientId}`)).status).toBe(404);
    expect((await other.get('/api/patients')).body.items).toEqual([]);
    expect((await other.post(`/api/invitations/${invitations[2].id}/link`)).status).toBe(404);
    expect((await other.get(`/api/cohorts/summary?surgeonId=${surgeonId}`)).status).toBe(403);
    const own = (await other.get('/api/cohorts/summary')).body.timepoints.find((t: { timepoint: string }) => t.timepoint === '2w');
    expect(own.responded).toBe(0);
  });

  it('8. the researcher CSV carries the answers and no identifiers or calendar dates', async () => {
    const researcher = (await signIn(test, 'researcher')).api;
    expect((await researcher.get(`/api/patients/${patientId}`)).status).toBe(403);
    const csv = await researcher.get('/api/exports/outcomes.csv?format=long');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="stride-outcomes-long.csv"');
    const [header, ...rows] = csv.text.trim().split('\n');
    expect(header.split(',').slice(0, 15)).toEqual([
      'subject_id', 'surgeon_code', 'procedure', 'age_at_surgery', 'timepoint', 'status', 'days_from_surgery', 'mode',
      'leg_pain', 'back_pain', 'walking_distance', 'satisfaction', 'success', 'satisfied', 'definition_version',
    ]);
    const byTimepoint = Object.fromEntries(rows.map((r) => r.split(',')).map((cells) => [cells[4], cells]));
    expect(Object.keys(byTimepoint)).toEqual(['baseline', '2w']);
    expect(byTimepoint['baseline'].slice(2, 12)).toEqual(['laminectomy', '74', 'baseline', 'completed', '-3', 'paper', '8', '6', '1', '']);
    expect(byTimepoint['2w'].slice(4, 14)).toEqual(['2w', 'completed', '15', 'web', '3', '2', '2', '5', '1', '1']);
    const columns = header.split(',');
    const at = (cells: string[], column: string): string => cells[columns.indexOf(column)];
    expect(['sent_days_from_surgery', 'reminders_sent', 'completed_days_from_surgery'].map((c) => at(byTimepoint['2w'], c))).toEqual(['15', '0', '15']);

    // Every column is explained in the data dictionary.
    const dictionary = await researcher.get('/api/exports/dictionary.csv');
    const described = dictionary.text.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    expect(columns.filter((c) => !described.includes(c))).toEqual([]);

    expect(csv.text).not.toMatch(/Rosa|Quintanilla|MRN-778812|rosa\.q|example\.org|Ortiz/);
    expect(csv.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(byTimepoint['2w'][0]).toMatch(/^S-[0-9A-Z]{8}$/);

    const audit = await test.dataSource.query(`SELECT action FROM audit_events WHERE action = 'export.outcomes'`);
    expect(audit).toHaveLength(1);
  });
});
