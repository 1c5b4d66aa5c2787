import type { WorklistItem } from '@stride/contracts';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { forceState } from './factories';
import { seedDemoIfEmpty } from '../src/app/demo/demo-seed';

/**
 * GET /worklist and POST /invitations/:id/contact-attempts (DESIGN.md "Coordinator and follow-up"):
 * who needs a call and why, on real PostgreSQL with the clock moved instead of waited for.
 * Demo times: 2w of a surgery on 05-01 is due 05-15 09:00 New York (13:00Z) and closes at the end of 05-22.
 */
describe('worklist', () => {
  let test: TestApp;
  let admin: Api;
  let surgeonA: { id: string; api: Api };
  let surgeonB: { id: string; api: Api };
  let researcher: Api;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-05-01T12:00:00Z' });
    admin = (await signIn(test, 'admin')).api;
    const a = await signIn(test, 'surgeon');
    const b = await signIn(test, 'surgeon');
    surgeonA = { id: a.user.id, api: a.api };
    surgeonB = { id: b.user.id, api: b.api };
    researcher = (await signIn(test, 'researcher')).api;
  }, 120_000); // the first file to start migrates the template database

  afterAll(() => test?.close());

  async function enroll(surgeonId: string, surgeryDate: string, patient: Record<string, unknown> = {}): Promise<{ patientId: string; inv: Record<string, string> }> {
    const mrn = `MRN-${Math.random().toString(36).slice(2, 10)}`;
    const created = await admin.post('/api/patients', {
      mrn, givenName: 'Wl', familyName: mrn, birthDate: '1950-01-01', email: `${mrn.toLowerCase()}@example.org`, language: 'en', surgeonId, ...patient,
    });
    expect(created.status).toBe(201);
    const surgery = await admin.post(`/api/patients/${created.body.id}/surgeries`, { procedure: 'laminectomy', surgeryDate });
    expect(surgery.status).toBe(201);
    return { patientId: created.body.id, inv: Object.fromEntries(surgery.body.invitations.map((i: { timepoint: string; id: string }) => [i.timepoint, i.id])) };
  }

  const at = (iso: string): void => test.clock.set(iso);
  const run = async (): Promise<void> => {
    expect((await admin.post('/api/admin/scheduler/run')).status).toBe(200);
  };
  const worklist = async (api: Api = admin): Promise<WorklistItem[]> => {
    const response = await api.get('/api/worklist');
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const itemFor = async (invitationId: string, api: Api = admin): Promise<WorklistItem | undefined> =>
    (await worklist(api)).find((i) => i.invitationId === invitationId);

  it('lists a sent survey once it is unanswered 3 days after the last message, and again 3 days after the reminder', async () => {
    at('2026-05-01T12:00:00Z');
    const { inv } = await enroll(surgeonA.id, '2026-05-01');
    at('2026-05-15T13:00:00Z');
    await run();
    expect(await itemFor(inv['2w'])).toBeUndefined();

    at('2026-05-18T12:59:59Z');
    expect(await itemFor(inv['2w'])).toBeUndefined();
    at('2026-05-18T13:00:00Z');
    expect(await itemFor(inv['2w'])).toMatchObject({
      reason: 'no_response', status: 'sent', lastMessageAt: '2026-05-15T13:00:00.000Z', attempts: 0, lastContactAt: null, timepoint: '2w',
    });

    // The reminder is a message too: the clock starts again.
    await run();
    expect(await itemFor(inv['2w'])).toBeUndefined();
    at('2026-05-21T13:00:00Z');
    expect(await itemFor(inv['2w'])).toMatchObject({ reason: 'no_response', status: 'reminded', lastMessageAt: '2026-05-18T13:00:00.000Z' });

    // Answered: off the list.
    const answered = await admin.post(`/api/invitations/${inv['2w']}/responses`, {
      answers: { legPain: 3, backPain: 2, walkingDistance: 3, satisfaction: 4 }, mode: 'phone', collectedAt: '2026-05-21',
    });
    expect(answered.status).toBe(201);
    expect(await itemFor(inv['2w'])).toBeUndefined();
  });

  it('lists failed, unknown and unreachable surveys while open and the recently missed after them, closing soonest first', async () => {
    at('2026-05-01T12:00:00Z');
    const failed = await enroll(surgeonA.id, '2026-05-01', { phone: '+15550001111' });
    const unknown = await enroll(surgeonA.id, '2026-04-30');
    const paper = await enroll(surgeonA.id, '2026-04-28', { email: undefined });
    const waiting = await enroll(surgeonA.id, '2026-05-01'); // due, the scheduler will send it: nobody needs to call
    const missed = await enroll(surgeonA.id, '2026-04-24');
    const missedLongAgo = await enroll(surgeonA.id, '2026-04-10');
    at('2026-05-15T14:00:00Z');
    await forceState(test.dataSource, failed.inv['2w'], 'failed', { last_error: 'SMTP 550: 5.1.1 user unknown', attempts: 1 });
    await forceState(test.dataSource, unknown.inv['2w'], 'unknown', { attempts: 1 });
    await forceState(test.dataSource, missed.inv['2w'], 'missed');
    await forceState(test.dataSource, missedLongAgo.inv['2w'], 'missed');

    const items = await worklist();
    const mine = [failed, unknown, paper, waiting, missed, missedLongAgo].map((e) => e.inv['2w']);
    const listed = items.filter((i) => mine.includes(i.invitationId));
    // 2w closes: paper end of 05-19, unknown end of 05-21, failed end of 05-22 (local). The 04-24 survey (closes end
    // of 05-15) is still open, so a `missed` status alone does not list it; the 04-10 one closed 05-01.
    expect(listed.map((i) => [i.invitationId, i.reason])).toEqual([
      [paper.inv['2w'], 'unreachable'],
      [unknown.inv['2w'], 'unknown'],
      [failed.inv['2w'], 'failed'],
    ]);
    expect(listed[0]).toMatchObject({ email: null, phone: null, status: 'pending', attempts: 0 });
    expect(listed[2]).toMatchObject({ phone: '+15550001111', actions: ['record_response', 'issue_link', 'resend'] });

    // Two days on: the 04-24 survey closed a day ago (missed, listed last); the 04-10 one closed over 7 days ago.
    at('2026-05-17T14:00:00Z');
    const later = (await worklist()).filter((i) => mine.includes(i.invitationId));
    expect(later.map((i) => [i.invitationId, i.reason])).toEqual([
      [paper.inv['2w'], 'unreachable'],
      [unknown.inv['2w'], 'unknown'],
      [failed.inv['2w'], 'failed'],
      [missed.inv['2w'], 'missed'],
    ]);
    expect(later[3].actions).toEqual(['record_response']);
  });

  it('shows a surgeon only their own patients, refuses researchers, and audits each read with the patients shown', async () => {
    at('2026-05-01T12:00:00Z');
    const mine = await enroll(surgeonB.id, '2026-04-28', { email: undefined });
    const theirs = await enroll(surgeonA.id, '2026-04-28', { email: undefined });
    at('2026-05-13T14:00:00Z');
    const seenByB = await worklist(surgeonB.api);
    expect(seenByB.map((i) => i.patientId)).toContain(mine.patientId);
    expect(seenByB.every((i) => i.patientId === mine.patientId)).toBe(true);
    const seenByA = await worklist(surgeonA.api);
    expect(seenByA.map((i) => i.patientId)).toContain(theirs.patientId);
    expect(seenByA.map((i) => i.patientId)).not.toContain(mine.patientId);

    expect((await researcher.get('/api/worklist')).status).toBe(403);
    expect((await researcher.post(`/api/invitations/${mine.inv['2w']}/contact-attempts`, { outcome: 'reached' })).status).toBe(403);
    expect((await new Api(test.baseUrl).get('/api/worklist')).status).toBe(401);
    const foreign = await surgeonB.api.post(`/api/invitations/${theirs.inv['2w']}/contact-attempts`, { outcome: 'reached' });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);

    const [read] = await test.dataSource.query(
      `SELECT actor_role, detail FROM audit_events WHERE action = 'worklist.read' ORDER BY id DESC LIMIT 1`,
    );
    expect(read.actor_role).toBe('surgeon');
    expect(read.detail.patientIds).toContain(theirs.patientId);
    expect(read.detail.patientIds).not.toContain(mine.patientId);
  });

  it('logs calls: 201 with the attempt, counted on the worklist, newest first, audited without the note', async () => {
    at('2026-05-01T12:00:00Z');
    const { inv } = await enroll(surgeonA.id, '2026-04-28', { email: undefined, phone: '+15550002222', preferredChannel: 'paper' });
    at('2026-05-13T14:00:00Z');
    const first = await surgeonA.api.post(`/api/invitations/${inv['2w']}/contact-attempts`, { outcome: 'no_answer' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String), invitationId: inv['2w'], outcome: 'no_answer', note: null, createdAt: '2026-05-13T14:00:00.000Z',
      byUserId: surgeonA.id, byName: expect.any(String),
    });
    at('2026-05-14T15:30:00Z');
    const second = await admin.post(`/api/invitations/${inv['2w']}/contact-attempts`, { outcome: 'left_message', note: 'Daughter answered; call after 5 pm' });
    expect(second.status).toBe(201);
    expect(second.body.note).toBe('Daughter answered; call after 5 pm');

    const item = await itemFor(inv['2w']);
    expect(item).toMatchObject({ reason: 'unreachable', phone: '+15550002222', attempts: 2, lastContactAt: '2026-05-14T15:30:00.000Z' });
    expect(item?.contactLog.map((c) => c.outcome)).toEqual(['left_message', 'no_answer']);
    expect((await itemFor(inv['2w'], surgeonA.api))?.attempts).toBe(2);

    const [audit] = await test.dataSource.query(
      `SELECT detail FROM audit_events WHERE action = 'invitation.contact_attempt' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [inv['2w']],
    );
    expect(audit.detail).toEqual({ outcome: 'left_message', attemptId: second.body.id });

    const bad = await admin.post(`/api/invitations/${inv['2w']}/contact-attempts`, { outcome: 'busy', note: 'x'.repeat(1001), extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'note', 'outcome']);
    expect((await admin.post(`/api/invitations/00000000-0000-4000-8000-000000000000/contact-attempts`, { outcome: 'reached' })).status).toBe(404);
    const [{ count }] = await test.dataSource.query(`SELECT count(*)::int AS count FROM contact_attempts WHERE invitation_id = $1`, [inv['2w']]);
    expect(count).toBe(2);
  });

  it('has work to show in the demo clinic: paper patients, non-responders and calls already logged', async () => {
    const demo = await startTestApp({ now: '2026-05-01T12:00:00Z' });
    try {
      await seedDemoIfEmpty(demo.dataSource, demo.config, demo.clock.now(), () => undefined);
      const items: WorklistItem[] = (await (await signIn(demo, 'admin')).api.get('/api/worklist')).body.items;
      const reasons = new Set(items.map((i) => i.reason));
      expect([...reasons].sort()).toEqual(expect.arrayContaining(['no_response', 'unreachable']));
      expect(items.filter((i) => i.reason === 'unreachable').map((i) => i.patientName)).toEqual(
        expect.arrayContaining(['Dorothy Whitfield', 'Ramón Ibarra']),
      );
      expect(items.filter((i) => i.attempts > 0).length).toBeGreaterThanOrEqual(3);
      const closes = items.filter((i) => i.reason !== 'missed').map((i) => i.closesAt);
      expect(closes).toEqual([...closes].sort());
    } finally {
      await demo.close();
    }
  }, 180_000); // seeding 300 patients on a busy machine
});
