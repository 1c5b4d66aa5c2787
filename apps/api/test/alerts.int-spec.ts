import type { AlertView, Answers, Timepoint } from '@stride/contracts';
import { alertFindings } from '@stride/outcomes';
import type { Caller } from '../src/app/auth/caller';
import { AlertDigestService } from '../src/app/alerts/alert-digest.service';
import { seedDemoIfEmpty } from '../src/app/demo/demo-seed';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { aSurgery, clinicDay, Clinic, Enrolled } from './factories';
import { startSmtpSink, SunkMail } from './smtp-sink';

const BASELINE: Answers = { legPain: 5, backPain: 5, walkingDistance: 3 };
const GOOD: Answers = { legPain: 2, backPain: 2, walkingDistance: 3, satisfaction: 4 };
const BAD: Answers = { legPain: 8, backPain: 6, walkingDistance: 1, satisfaction: 2 };

/**
 * Alerts (Contract v1.1, "Coordinator and follow-up"), raised where responses are stored: by the
 * patient's link and by staff entry, and when a late baseline rescores earlier follow-ups. Then who
 * sees them, acknowledging, and the daily digest mail across two app instances.
 */
describe('alerts', () => {
  let test: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let admin: Api;
  let adminCaller: Caller;
  let surgeonA: { api: Api; id: string; email: string };
  let surgeonB: { api: Api; id: string; email: string };
  let researcher: Api;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // 10:00 in New York: after the default digest hour (7).
    test = await startTestApp({ now: '2026-03-10T14:00:00Z', env: { SMTP_URL: sink.url } });
    const a = await signIn(test, 'admin');
    admin = a.api;
    adminCaller = { id: a.user.id, role: 'admin', name: a.user.name };
    const sa = await signIn(test, 'surgeon', 'Dr Ana Ruiz');
    surgeonA = { api: sa.api, id: sa.user.id, email: sa.user.email };
    const sb = await signIn(test, 'surgeon', 'Dr Ben Cole');
    surgeonB = { api: sb.api, id: sb.user.id, email: sb.user.email };
    researcher = (await signIn(test, 'researcher')).api;
  });

  afterAll(async () => {
    await test?.close();
    await sink?.close();
  });

  const clinicOf = (surgeonId: string): Clinic => ({ test, admin: adminCaller, surgeonId });
  /** A patient 15 days after surgery: the baseline window has passed (paper only), the 2-week survey is open. */
  const patient = (surgeonId = surgeonA.id, givenName = 'Maria', familyName = 'Gonzalez'): Promise<Enrolled> =>
    aSurgery(clinicOf(surgeonId), { daysAgo: 15, patient: { givenName, familyName } });

  const staffEntry = async (invitationId: string, answers: Answers, collectedAt: string): Promise<void> => {
    const res = await admin.post(`/api/invitations/${invitationId}/responses`, { answers, mode: 'paper', collectedAt });
    expect(res.status).toBe(201);
  };
  const paperBaseline = (p: Enrolled, answers = BASELINE): Promise<void> => staffEntry(p.invitations.baseline, answers, clinicDay(test, -20));
  const submitByLink = async (invitationId: string, answers: Answers): Promise<void> => {
    const token = (await admin.post(`/api/invitations/${invitationId}/link`)).body.url.split('/s/')[1];
    const res = await new Api(test.baseUrl).post(`/api/public/surveys/${token}/responses`, { answers });
    expect(res.status).toBe(201);
  };
  const alertsOf = async (api: Api, patientId: string): Promise<AlertView[]> => {
    const res = await api.get(`/api/alerts?patientId=${patientId}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };

  it('raises one alert per kind when a patient submits a bad answer by link', async () => {
    const p = await patient();
    await paperBaseline(p);
    await submitByLink(p.invitations['2w'], BAD);

    const items = await alertsOf(surgeonA.api, p.patientId);
    expect(items.map((a) => [a.kind, a.detail]).sort()).toEqual([
      ['dissatisfied', 'Satisfaction 2 of 5 (somewhat dissatisfied)'],
      ['leg_pain_worse', 'Leg pain 8 vs 5 at baseline'],
      ['walking_worse', 'Walking distance 50-200 m vs 1-2 km at baseline'],
    ]);
    for (const alert of items) {
      expect(alert).toEqual(
        expect.objectContaining({ id: expect.any(String), patientId: p.patientId, timepoint: '2w', createdAt: '2026-03-10T14:00:00.000Z', acknowledgedAt: null }),
      );
    }
    const [{ n }] = await test.dataSource.query(`SELECT count(*)::int AS n FROM alerts`);
    expect(n).toBeGreaterThanOrEqual(3);
  });

  it('raises alerts on staff entry too, and none for a good answer or one just short of each threshold', async () => {
    const bad = await patient();
    await paperBaseline(bad);
    await staffEntry(bad.invitations['2w'], { legPain: 7, backPain: 5, walkingDistance: 3, satisfaction: 3 }, clinicDay(test, 0));
    expect((await alertsOf(admin, bad.patientId)).map((a) => a.kind)).toEqual(['leg_pain_worse']);

    const good = await patient();
    await paperBaseline(good);
    await submitByLink(good.invitations['2w'], GOOD);
    expect(await alertsOf(admin, good.patientId)).toEqual([]);

    // +1 point of leg pain, one bin less walking, neutral satisfaction: worse, but not an alert.
    const almost = await patient();
    await paperBaseline(almost);
    await staffEntry(almost.invitations['2w'], { legPain: 6, backPain: 5, walkingDistance: 2, satisfaction: 3 }, clinicDay(test, 0));
    expect(await alertsOf(admin, almost.patientId)).toEqual([]);
  });

  it('raises the baseline comparisons when a late baseline arrives, never for the baseline itself, and never twice', async () => {
    const p = await patient();
    await submitByLink(p.invitations['2w'], { legPain: 9, backPain: 5, walkingDistance: 0, satisfaction: 1 });
    // No baseline yet: only satisfaction can alert.
    expect((await alertsOf(admin, p.patientId)).map((a) => a.kind)).toEqual(['dissatisfied']);
    const [first] = await alertsOf(admin, p.patientId);

    await paperBaseline(p, { legPain: 6, backPain: 10, walkingDistance: 2 });
    const items = await alertsOf(admin, p.patientId);
    expect(items.map((a) => a.kind).sort()).toEqual(['dissatisfied', 'leg_pain_worse', 'walking_worse']);
    expect(items.every((a) => a.timepoint === '2w')).toBe(true);
    expect(items.find((a) => a.kind === 'dissatisfied')?.id).toBe(first.id);
  });

  it('shows a surgeon only their own patients\' alerts; admins all; researchers none', async () => {
    const mine = await patient(surgeonA.id);
    const theirs = await patient(surgeonB.id, 'Tom', 'Baker');
    await submitByLink(mine.invitations['2w'], BAD);
    await submitByLink(theirs.invitations['2w'], BAD);

    const a = (await surgeonA.api.get('/api/alerts')).body.items as AlertView[];
    expect(a.length).toBeGreaterThan(0);
    expect(a.every((x) => x.surgeonId === surgeonA.id)).toBe(true);
    expect(a.some((x) => x.patientId === theirs.patientId)).toBe(false);
    expect(await alertsOf(surgeonA.api, theirs.patientId)).toEqual([]);

    const all = (await admin.get('/api/alerts')).body.items as AlertView[];
    expect(all.some((x) => x.patientId === mine.patientId) && all.some((x) => x.patientId === theirs.patientId)).toBe(true);

    const denied = await researcher.get('/api/alerts');
    expect([denied.status, denied.body.code]).toEqual([403, 'FORBIDDEN']);
    const [theirAlert] = await alertsOf(admin, theirs.patientId);
    const cross = await surgeonA.api.post(`/api/alerts/${theirAlert.id}/acknowledge`);
    expect([cross.status, cross.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await researcher.post(`/api/alerts/${theirAlert.id}/acknowledge`)).status).toBe(403);
    expect((await alertsOf(admin, theirs.patientId)).every((x) => x.acknowledgedAt === null)).toBe(true);

    const bad = await admin.get('/api/alerts?open=maybe&patientId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['open', 'patientId']);
    expect((await admin.post('/api/alerts/00000000-0000-4000-8000-000000000000/acknowledge')).status).toBe(404);
  });

  it('acknowledges once, records who, lists open ones first, and refuses a second acknowledgement with 409', async () => {
    const p = await patient();
    await paperBaseline(p);
    await submitByLink(p.invitations['2w'], { ...GOOD, satisfaction: 1, legPain: 9 });
    const [alert, other] = await alertsOf(surgeonA.api, p.patientId);

    test.clock.advance(60_000);
    const ack = await surgeonA.api.post(`/api/alerts/${alert.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual({ ...alert, acknowledgedAt: '2026-03-10T14:01:00.000Z', acknowledgedBy: { id: surgeonA.id, name: 'Dr Ana Ruiz' } });

    const again = await admin.post(`/api/alerts/${alert.id}/acknowledge`);
    expect([again.status, again.body.code]).toEqual([409, 'CONFLICT']);
    expect(again.body.message).toContain('Dr Ana Ruiz');

    const open = (await surgeonA.api.get(`/api/alerts?open=true&patientId=${p.patientId}`)).body.items as AlertView[];
    expect(open.map((a) => a.id)).toEqual([other.id]);
    const listed = await alertsOf(surgeonA.api, p.patientId);
    expect(listed.map((a) => a.id)).toEqual([other.id, alert.id]); // open first

    const audit = await test.dataSource.query(
      `SELECT action, actor_id, entity_id FROM audit_events WHERE action = 'alert.acknowledge' AND entity_id = $1`,
      [alert.id],
    );
    expect(audit).toEqual([{ action: 'alert.acknowledge', actor_id: surgeonA.id, entity_id: alert.id }]);
    const reads = await test.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'alert.list' AND actor_id = $1`, [surgeonA.id]);
    expect(reads[0].n).toBeGreaterThan(0);
    // The schema has the last word: an acknowledged alert never changes.
    await expect(test.dataSource.query(`UPDATE alerts SET acknowledged_at = now() WHERE id = $1`, [alert.id])).rejects.toThrow(/already acknowledged/);
    await expect(
      test.dataSource.query(`INSERT INTO alerts (response_id, kind, detail, created_at) SELECT response_id, kind, 'again', now() FROM alerts WHERE id = $1`, [alert.id]),
    ).rejects.toThrow(/alerts_one_per_kind_key/);
  });

  describe('daily digest', () => {
    const mailsTo = (email: string): SunkMail[] => sink.mails.filter((m) => m.to.includes(email));

    it('mails each surgeon with open alerts once per clinic day, across two app instances running at once', async () => {
      const quiet = await signIn(test, 'surgeon', 'Dr Quiet');
      const other = await startTestApp({ now: test.clock.now().toISOString(), env: { SMTP_URL: sink.url }, databaseUrl: test.databaseUrl });
      try {
        const one = test.app.get(AlertDigestService);
        const two = other.app.get(AlertDigestService);
        sink.mails.length = 0;

        const runs = await Promise.all([one.runOnce(), two.runOnce(), one.runOnce(), two.runOnce()]);
        expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(2);
        expect(runs.every((r) => r.failed === 0)).toBe(true);
        expect(mailsTo(surgeonA.email)).toHaveLength(1);
        expect(mailsTo(surgeonB.email)).toHaveLength(1);
        expect(mailsTo(quiet.user.email)).toHaveLength(0);
        expect(sink.mails).toHaveLength(2);

        const mail = mailsTo(surgeonA.email)[0].text;
        expect(mail).toContain('Maria G., 2 weeks: leg pain worse than before surgery');
        expect(mail).toContain('http://stride.test/alerts');
        expect(mail).not.toMatch(/Gonzalez|MRN|Leg pain \d/);
        expect(mailsTo(surgeonB.email)[0].text).toContain('Tom B., 2 weeks');

        // Later the same clinic day: nothing more, from either instance.
        test.clock.advance(6 * 3600_000);
        other.clock.advance(6 * 3600_000);
        await Promise.all([one.runOnce(), two.runOnce()]);
        expect(sink.mails).toHaveLength(2);

        // The next clinic day (New York), before the digest hour: nothing; from it: one each again.
        test.clock.set('2026-03-11T10:30:00Z');
        other.clock.set('2026-03-11T10:30:00Z');
        await Promise.all([one.runOnce(), two.runOnce()]);
        expect(sink.mails).toHaveLength(2);
        test.clock.set('2026-03-11T11:05:00Z');
        other.clock.set('2026-03-11T11:05:00Z');
        await Promise.all([one.runOnce(), two.runOnce()]);
        expect(mailsTo(surgeonA.email)).toHaveLength(2);
        expect(mailsTo(surgeonB.email)).toHaveLength(2);

        const digests = await test.dataSource.query(
          `SELECT to_char(clinic_day, 'YYYY-MM-DD') AS day, status FROM alert_digests WHERE surgeon_id = $1 ORDER BY clinic_day`,
          [surgeonA.id],
        );
        expect(digests).toEqual([
          { day: '2026-03-10', status: 'sent' },
          { day: '2026-03-11', status: 'sent' },
        ]);
        const audited = await test.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'alert.digest' AND entity_id = $1`, [surgeonA.id]);
        expect(audited[0].n).toBe(2);
      } finally {
        await other.close();
      }
    });

    it('sends nothing without SMTP', async () => {
      const noMail = await startTestApp({ now: '2026-03-12T15:00:00Z', databaseUrl: test.databaseUrl });
      try {
        expect(await noMail.app.get(AlertDigestService).runOnce()).toEqual({ surgeons: 0, sent: 0, failed: 0, skipped: 0 });
        const [{ n }] = await noMail.dataSource.query(`SELECT count(*)::int AS n FROM alert_digests WHERE clinic_day = '2026-03-12'`);
        expect(n).toBe(0);
      } finally {
        await noMail.close();
      }
    });
  });
});

/** The demo clinic shows alerts, open and acknowledged, exactly as the rule raises them. */
describe('alerts in the demo clinic', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-03-10T14:00:00Z' });
    await seedDemoIfEmpty(test.dataSource, test.config, test.clock.now(), () => undefined);
  }, 120_000);

  afterAll(() => test?.close());

  it('has open and acknowledged alerts, each the rule\'s finding for its response', async () => {
    const [counts] = await test.dataSource.query(
      `SELECT count(*) FILTER (WHERE acknowledged_at IS NULL)::int AS open, count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::int AS acknowledged FROM alerts`,
    );
    expect(counts.open).toBeGreaterThanOrEqual(3);
    expect(counts.acknowledged).toBeGreaterThanOrEqual(3);

    const rows: { timepoint: Timepoint; answers: Answers; baseline: Answers | null; alerts: unknown[] }[] = await test.dataSource.query(
      `SELECT i.timepoint,
              json_build_object('legPain', r.leg_pain, 'walkingDistance', r.walking_distance, 'satisfaction', r.satisfaction) AS answers,
              (SELECT json_build_object('legPain', br.leg_pain, 'walkingDistance', br.walking_distance)
                 FROM invitations bi JOIN responses br ON br.invitation_id = bi.id
                WHERE bi.surgery_id = i.surgery_id AND bi.timepoint = 'baseline') AS baseline,
              coalesce((SELECT json_agg(json_build_object('kind', a.kind, 'detail', a.detail) ORDER BY a.kind) FROM alerts a WHERE a.response_id = r.id), '[]') AS alerts
         FROM responses r JOIN invitations i ON i.id = r.invitation_id`,
    );
    expect(rows.length).toBeGreaterThan(500);
    for (const row of rows) {
      const expected = alertFindings(row.timepoint, row.answers, row.baseline).sort((a, b) => a.kind.localeCompare(b.kind));
      expect(row.alerts).toEqual(expected);
    }
  });
});
