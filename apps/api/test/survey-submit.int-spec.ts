import type { Answers } from '@stride/contracts';
import { DataSource } from 'typeorm';
import { prepared } from '../src/app/database/bounded-client';
import { InvitationsRepository } from '../src/app/invitations/invitations.repository';
import { ResponsesService } from '../src/app/invitations/responses.service';
import { scoreResponse } from '../src/app/invitations/outcome-flags';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { aClinic, aSurgery, clinicDay, Clinic, Enrolled, invitationRow } from './factories';

const BASELINE: Answers = { legPain: 7, backPain: 5, walkingDistance: 1 };
const GOOD: Answers = { legPain: 2, backPain: 3, walkingDistance: 3, satisfaction: 4 };
/** A response written without its invitation row ($1 the invitation, $2 the mode), which no code path does: for the edge tests. */
const STRAY_RESPONSE = `INSERT INTO responses (invitation_id, mode, collected_at, leg_pain, back_pain, walking_distance, satisfaction, definition_version)
                        VALUES ($1, $2, now(), 5, 5, 2, 3, 'success-v1;satisfied-v1')`;

/**
 * A patient's final answer by link (SurveysService.submit). Most answers are one read (with the
 * rate limit's count) and one write, with no transaction between them; the write must store
 * nothing unless the invitation is still as read. Here the link is changed between the two on
 * purpose (the write is intercepted), and each time what is stored is checked row by row.
 */
describe('submitting a survey by link', () => {
  let test: TestApp;
  let clinic: Clinic;
  let admin: Api;
  const patient = (): Api => new Api(test.baseUrl);

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-03-10T14:00:00Z' });
    clinic = await aClinic(test);
    admin = (await signIn(test, 'admin')).api;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await test?.close();
  });

  /** A patient 15 days after surgery with a paper baseline: the 2-week survey is open (`pending`: no scheduler runs here). Returns its link. */
  const twoWeekLink = async (): Promise<{ enrolled: Enrolled; token: string }> => {
    const enrolled = await aSurgery(clinic, { daysAgo: 15 });
    const paper = await admin.post(`/api/invitations/${enrolled.invitations.baseline}/responses`, {
      answers: BASELINE,
      mode: 'paper',
      collectedAt: clinicDay(test, -20),
    });
    expect(paper.status).toBe(201);
    const link = await admin.post(`/api/invitations/${enrolled.invitations['2w']}/link`);
    expect(link.status).toBe(201);
    return { enrolled, token: (link.body.url as string).split('/s/')[1] };
  };

  const stored = async (invitationId: string) => ({
    invitation: await invitationRow(test.dataSource, invitationId),
    responses: await test.dataSource.query(
      `SELECT mode, leg_pain, back_pain, walking_distance, satisfaction, success, success_v2, satisfied FROM responses WHERE invitation_id = $1`,
      [invitationId],
    ),
    audited: Number(
      (await test.dataSource.query(`SELECT count(*) AS n FROM audit_events WHERE action = 'survey.submitted' AND entity_id = $1`, [invitationId]))[0].n,
    ),
  });

  /** Runs `between` once, after the next submission has read its link (unlocked) and before its write. */
  const interleave = (between: () => Promise<unknown>): jest.SpyInstance => {
    const responses = test.app.get(ResponsesService);
    const original = responses.recordIfUnchanged.bind(responses);
    return jest.spyOn(responses, 'recordIfUnchanged').mockImplementationOnce(async (...args) => {
      await between();
      return original(...args);
    });
  };

  /** Runs `sql` in a transaction of its own and commits it `afterMs` later, without waiting: a change still in flight. */
  const commitLater = async (sql: string, params: unknown[], afterMs: number, beforeCommit: () => void = () => undefined): Promise<void> => {
    const runner = test.dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.query(sql, params);
    setTimeout(() => {
      beforeCommit();
      void runner.commitTransaction().then(() => runner.release());
    }, afterMs);
  };

  afterEach(() => jest.restoreAllMocks());

  it('stores the answer, scored against the baseline, completes the invitation and audits it once', async () => {
    const { enrolled, token } = await twoWeekLink();
    await patient().put(`/api/public/surveys/${token}/answers`, { answers: { legPain: 4 } });

    const res = await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD });

    expect(res.status).toBe(201);
    const after = await stored(enrolled.invitations['2w']);
    expect(after.invitation.status).toBe('completed');
    expect(after.invitation.completed_at).toEqual(test.clock.now());
    expect(after.invitation.draft_answers).toEqual({});
    expect(after.responses).toEqual([
      { mode: 'web', leg_pain: 2, back_pain: 3, walking_distance: 3, satisfaction: 4, success: true, success_v2: true, satisfied: true },
    ]);
    expect(after.audited).toBe(1);
  });

  it('reads the link once, in the rate limit\'s own statement, to open the survey and to store a plain answer', async () => {
    const { token } = await twoWeekLink();
    const reads = jest.spyOn(test.app.get(InvitationsRepository), 'findByLink');

    const opened = await patient().get(`/api/public/surveys/${token}`);
    const submitted = await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD });

    expect([opened.status, submitted.status]).toEqual([200, 201]);
    expect(opened.body.timepoint).toBe('2w');
    expect(reads).not.toHaveBeenCalled();
    // A route without @ReadsLink reads it itself, locked: the link is answered now, so 409.
    const draft = await patient().put(`/api/public/surveys/${token}/answers`, { answers: { legPain: 1 } });
    expect(draft.body.code).toBe('SURVEY_COMPLETED');
    expect(reads.mock.calls.map((call) => call[2])).toEqual([true]);
  });

  it('stores nothing when the window closes between the read and the write, and answers 410 SURVEY_CLOSED', async () => {
    const { enrolled, token } = await twoWeekLink();
    const id = enrolled.invitations['2w'];
    const { status } = await invitationRow(test.dataSource, id);
    // Still answerable by its status: only the row's version tells the write that it changed.
    interleave(() => test.dataSource.query(`UPDATE invitations SET closes_at = $2 WHERE id = $1`, [id, new Date(test.clock.now().getTime() - 60_000)]));

    const res = await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD });

    expect(res.status).toBe(410);
    expect(res.body.code).toBe('SURVEY_CLOSED');
    const after = await stored(id);
    expect(after.invitation.status).toBe(status);
    expect(after.responses).toEqual([]);
    expect(after.audited).toBe(0);
  });

  it('waits for a change still in flight when it writes, and then stores nothing: the window closed, 410 SURVEY_CLOSED', async () => {
    const { enrolled, token } = await twoWeekLink();
    const id = enrolled.invitations['2w'];
    const { status } = await invitationRow(test.dataSource, id);
    let committed = 0;
    // Uncommitted when the answer's write starts: the write waits for it, then sees the row it made.
    interleave(() =>
      commitLater(`UPDATE invitations SET closes_at = $2 WHERE id = $1`, [id, new Date(test.clock.now().getTime() - 60_000)], 400, () => (committed = Date.now())),
    );

    const res = await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD });
    const answered = Date.now();

    expect(res.status).toBe(410);
    expect(res.body.code).toBe('SURVEY_CLOSED');
    expect(committed).toBeGreaterThan(0);
    expect(answered).toBeGreaterThanOrEqual(committed);
    const after = await stored(id);
    expect(after.invitation.status).toBe(status);
    expect(after.responses).toEqual([]);
    expect(after.audited).toBe(0);
  });

  it('stores nothing when the patient is withdrawn in between, and answers 410 SURVEY_CLOSED (stopped)', async () => {
    const { enrolled, token } = await twoWeekLink();
    interleave(() => admin.patch(`/api/patients/${enrolled.patientId}/status`, { status: 'withdrawn' }).then((r) => expect(r.status).toBe(200)));

    const res = await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD });

    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ code: 'SURVEY_CLOSED', reason: 'stopped' });
    const after = await stored(enrolled.invitations['2w']);
    expect(after.invitation).toMatchObject({ status: 'cancelled', stop_reason: 'withdrawn', completed_at: null });
    expect(after.responses).toEqual([]);
    expect(after.audited).toBe(0);
  });

  it('stores the answer once when the link changes in between but stays answerable (a draft saved from another tab)', async () => {
    const { enrolled, token } = await twoWeekLink();
    const id = enrolled.invitations['2w'];
    const fast = interleave(() => patient().put(`/api/public/surveys/${token}/answers`, { answers: { backPain: 6 } }));
    const reads = jest.spyOn(test.app.get(InvitationsRepository), 'findByLink');

    const res = await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD });

    expect(res.status).toBe(201);
    // The one-statement write stored nothing; the draft read the link locked, then the submission did.
    await expect(fast.mock.results[0].value).resolves.toBeNull();
    expect(reads.mock.calls.map((call) => call[2])).toEqual([true, true]);
    const after = await stored(id);
    expect(after.invitation.status).toBe('completed');
    expect(after.responses).toHaveLength(1);
    expect(after.responses[0].back_pain).toBe(3);
    expect(after.audited).toBe(1);
  });

  it('stores one answer when the same link is submitted five times at once; the others get 409 SURVEY_COMPLETED', async () => {
    const { enrolled, token } = await twoWeekLink();

    const results = await Promise.all(Array.from({ length: 5 }, () => patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD })));

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) expect(r.body.code).toBe('SURVEY_COMPLETED');
    const after = await stored(enrolled.invitations['2w']);
    expect(after.responses).toHaveLength(1);
    expect(after.audited).toBe(1);
  });

  it('never completes an invitation without its response: an answerable invitation that somehow has one is left as it was', async () => {
    const { enrolled, token } = await twoWeekLink();
    const id = enrolled.invitations['2w'];
    const { status } = await invitationRow(test.dataSource, id);
    // A state no code path makes: a response row while the invitation is still answerable.
    await test.dataSource.query(STRAY_RESPONSE, [id, 'paper']);

    const res = await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SURVEY_COMPLETED');
    const after = await stored(id);
    expect(after.invitation.status).toBe(status);
    expect(after.invitation.completed_at).toBeNull();
    expect(after.responses).toHaveLength(1);
    expect(after.responses[0].leg_pain).toBe(5);
    expect(after.audited).toBe(0);
  });

  it('answers 409 SURVEY_COMPLETED, storing nothing of its own, when a response committed in flight takes the invitation first', async () => {
    const { enrolled, token } = await twoWeekLink();
    const id = enrolled.invitations['2w'];
    // No code path writes a response without the invitation row; this one does, to meet the write's ON CONFLICT.
    interleave(() => commitLater(STRAY_RESPONSE, [id, 'phone'], 300));

    const res = await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SURVEY_COMPLETED');
    const after = await stored(id);
    expect(after.responses).toHaveLength(1);
    expect(after.responses[0]).toMatchObject({ mode: 'phone', leg_pain: 5 });
    expect(after.audited).toBe(0);
  });

  describe('a paper baseline entered at the very moment the follow-up is stored', () => {
    /** A patient 15 days after surgery with no baseline yet, and a link to the 2-week survey. */
    const noBaselineYet = async (): Promise<{ enrolled: Enrolled; token: string }> => {
      const enrolled = await aSurgery(clinic, { daysAgo: 15 });
      const link = await admin.post(`/api/invitations/${enrolled.invitations['2w']}/link`);
      return { enrolled, token: (link.body.url as string).split('/s/')[1] };
    };
    const paperBaseline = (enrolled: Enrolled) =>
      admin.post(`/api/invitations/${enrolled.invitations.baseline}/responses`, { answers: BASELINE, mode: 'paper', collectedAt: clinicDay(test, -20) });
    const expected = scoreResponse('2w', BASELINE, GOOD);

    it('the baseline commits between the follow-up\'s read and write: the follow-up, stored without it, is scored against it', async () => {
      const { enrolled, token } = await noBaselineYet();
      interleave(() => paperBaseline(enrolled).then((r) => expect(r.status).toBe(201)));

      expect((await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD })).status).toBe(201);

      const [row] = (await stored(enrolled.invitations['2w'])).responses;
      expect(expected.success).not.toBeNull();
      expect({ success: row.success, success_v2: row.success_v2 }).toEqual({ success: expected.success, success_v2: expected.successV2 });
    });

    it('the follow-up commits while the baseline\'s transaction is still open: the baseline, once committed, scores it', async () => {
      const { enrolled, token } = await noBaselineYet();
      const responses = test.app.get(ResponsesService);
      const rescore = responses.rescore.bind(responses);
      let patientStatus = 0;
      // Inside the baseline's transaction, after its own rescore (which cannot see the 2-week answer): the patient submits.
      jest.spyOn(responses, 'rescore').mockImplementationOnce(async (manager, surgeryId, now) => {
        await rescore(manager, surgeryId, now);
        patientStatus = (await patient().post(`/api/public/surveys/${token}/responses`, { answers: GOOD })).status;
      });

      expect((await paperBaseline(enrolled)).status).toBe(201);

      expect(patientStatus).toBe(201);
      const [row] = (await stored(enrolled.invitations['2w'])).responses;
      expect({ success: row.success, success_v2: row.success_v2 }).toEqual({ success: expected.success, success_v2: expected.successV2 });
    });
  });

  it('refuses invalid answers with 400 before writing anything', async () => {
    const { enrolled, token } = await twoWeekLink();

    const res = await patient().post(`/api/public/surveys/${token}/responses`, { answers: { ...GOOD, legPain: 11 } });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['answers.legPain']);
    const after = await stored(enrolled.invitations['2w']);
    expect(after.invitation.status).toBe('pending');
    expect(after.responses).toEqual([]);
  });
});

describe('prepared statements (BoundedClient)', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.close();
  });

  it('runs a prepared() statement as a named statement of its connection, with its parameters', async () => {
    const app = test.app.get(DataSource);
    await app.transaction(async (manager) => {
      const first = await manager.query(prepared('test_twice', 'SELECT $1::int * 2 AS n'), [21]);
      const again = await manager.query(prepared('test_twice', 'SELECT $1::int * 2 AS n'), [4]);
      expect([first, again]).toEqual([[{ n: 42 }], [{ n: 8 }]]);
      const named = await manager.query(`SELECT name, statement FROM pg_prepared_statements WHERE name = 'test_twice'`);
      expect(named).toEqual([{ name: 'test_twice', statement: '/* prepared:test_twice */ SELECT $1::int * 2 AS n' }]);
    });
  });

  it('prepares a statement again when a migration changed the type of a column it returns, outside a transaction unseen', async () => {
    await test.dataSource.query(`CREATE TABLE stale_probe (v int)`);
    await test.dataSource.query(`INSERT INTO stale_probe VALUES (7)`);
    const runner = test.dataSource.createQueryRunner();
    try {
      const probe = () => runner.query(prepared('test_stale', 'SELECT v FROM stale_probe'), []);
      expect(await probe()).toEqual([{ v: 7 }]);
      await test.dataSource.query(`ALTER TABLE stale_probe ALTER COLUMN v TYPE text`);
      expect(await probe()).toEqual([{ v: '7' }]);
      expect(await probe()).toEqual([{ v: '7' }]);
    } finally {
      await runner.release();
    }
  });

  it('closes the connection when that happens inside a transaction: a 503-class error, and the pool hands out a good one next', async () => {
    await test.dataSource.query(`CREATE TABLE stale_probe_tx (v int)`);
    await test.dataSource.query(`INSERT INTO stale_probe_tx VALUES (7)`);
    const runner = test.dataSource.createQueryRunner();
    const probe = (on: { query(sql: string, params: unknown[]): Promise<unknown> }) => on.query(prepared('test_stale_tx', 'SELECT v FROM stale_probe_tx'), []);
    expect(await probe(runner)).toEqual([{ v: 7 }]);
    await test.dataSource.query(`ALTER TABLE stale_probe_tx ALTER COLUMN v TYPE text`);
    await runner.startTransaction();
    const failure = await probe(runner).then(
      () => null,
      (error: { driverError?: { code?: string; name?: string } }) => error.driverError,
    );
    expect(failure).toMatchObject({ code: 'ECONNRESET', name: 'StalePreparedStatementError' });
    await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
    // Every connection of the pool in turn: none still holds the stale statement.
    const results = await Promise.all(Array.from({ length: 6 }, () => probe(test.dataSource)));
    expect(results).toEqual(Array.from({ length: 6 }, () => [{ v: '7' }]));
  });

  it('keeps survey links working through a migration that retypes a column the link lookup returns', async () => {
    const clinic = await aClinic(test);
    const admin = (await signIn(test, 'admin')).api;
    const links = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const enrolled = await aSurgery(clinic, { daysAgo: 15 });
        return ((await admin.post(`/api/invitations/${enrolled.invitations['2w']}/link`)).body.url as string).split('/s/')[1];
      }),
    );
    const patient = new Api(test.baseUrl);
    // Prepared on every connection of the app's pool (10), then the column changes type under them.
    const views = () => Promise.all(Array.from({ length: 12 }, (_, i) => patient.get(`/api/public/surveys/${links[i % links.length]}`)));
    expect((await views()).map((r) => r.status)).toEqual(Array(12).fill(200));
    await test.dataSource.query(`ALTER TABLE patients ALTER COLUMN language TYPE varchar(5)`);

    expect((await views()).map((r) => r.status)).toEqual(Array(12).fill(200));
    const submitted = await Promise.all(links.map((token) => patient.post(`/api/public/surveys/${token}/responses`, { answers: GOOD })));
    expect(submitted.map((r) => r.status)).toEqual([201, 201, 201]);
  });

  it('refuses one name for two different statements on a connection, rather than run the wrong one', async () => {
    const app = test.app.get(DataSource);
    let refused: unknown = null;
    await app.transaction(async (manager) => {
      await manager.query(prepared('test_clash', 'SELECT $1::int AS n'), [1]);
      refused = await manager.query(prepared('test_clash', 'SELECT $1::int + 1 AS n'), [1]).then(
        () => null,
        (error: unknown) => error,
      );
    });
    expect(String(refused)).toMatch(/Prepared statements must be unique - 'test_clash'/);
  });
});
