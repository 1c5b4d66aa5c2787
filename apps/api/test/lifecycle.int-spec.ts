import { DateTime } from 'luxon';
import { INVITATION_STATUSES, InvitationStatus } from '@stride/contracts';
import {
  ANSWERABLE,
  CLAIMABLE,
  CLOSABLE,
  OPEN,
  REMINDABLE,
  RESENDABLE,
  STOPPABLE,
  TRANSITIONS,
  canTransition,
  deliveryExpects,
} from '../src/app/invitations/invitation-lifecycle';
import { InvitationsRepository } from '../src/app/invitations/invitations.repository';
import { InvitationsService } from '../src/app/invitations/invitations.service';
import { AuditService } from '../src/app/audit/audit.service';
import { planInvitations, replan } from '../src/app/invitations/invitation-plan';
import { DispatcherService } from '../src/app/scheduler/dispatcher.service';
import { PatientsService } from '../src/app/patients/patients.service';
import { startTestApp, TestApp } from './harness';
import { aClinic, aSurgery, Clinic, columnsFor, Enrolled, forceState, invitationRow, InvitationRow } from './factories';

const NOW = '2026-03-10T14:00:00Z';
const ME = 'lifecycle-test-owner';
const LIVE_LEASE = { owner: ME, until: new Date('2026-03-10T14:05:00Z') };
const EXPIRED_LEASE = { owner: 'dead-replica', until: new Date('2026-03-10T13:55:00Z') };

/**
 * The medium tier of the invitation lifecycle: the repository's compare-and-set writers and the
 * database trigger on real PostgreSQL, each from every source state, no HTTP.
 */
describe('invitation lifecycle on PostgreSQL', () => {
  let test: TestApp;
  let clinic: Clinic;
  let sut: InvitationsRepository;

  beforeAll(async () => {
    test = await startTestApp({ now: NOW });
    clinic = await aClinic(test);
    sut = test.app.get(InvitationsRepository);
  });

  beforeEach(() => test.clock.set(NOW));

  // What a test leaves open is stopped, so the dispatcher tests below meet only their own rows.
  const made: string[] = [];
  afterEach(async () => {
    for (const surgeryId of made.splice(0)) await sut.stop(test.dataSource.manager, { surgeryId }, 'surgery_cancelled', now());
  });

  afterAll(async () => {
    await test?.close();
  });

  const now = (): Date => test.clock.now();
  const row = (id: string): Promise<InvitationRow> => invitationRow(test.dataSource, id);
  /** The 2-week invitation of a surgery 15 days ago (due yesterday, open for a week), put in `status`. */
  async function twoWeeksIn(status: InvitationStatus, set: Record<string, unknown> = {}): Promise<{ id: string; enrolled: Enrolled; before: InvitationRow }> {
    const enrolled = await aSurgery(clinic, { daysAgo: 15 });
    made.push(enrolled.surgeryId);
    const id = enrolled.invitations['2w'];
    await forceState(test.dataSource, id, status, set);
    return { id, enrolled, before: await row(id) };
  }
  async function messageFor(invitationId: string, sequence = 0): Promise<string> {
    const ids = await sut.writeOutbox(
      test.dataSource.manager,
      [{ invitationId, sequence, channel: 'email', recipient: 'p@example.org', subject: 's', body: 'b' }],
      now(),
    );
    return ids.get(invitationId) as string;
  }
  const message = async (id: string): Promise<{ status: string; attempted_at: Date | null; sent_at: Date | null }> =>
    (await test.dataSource.query(`SELECT status, attempted_at, sent_at FROM outbound_messages WHERE id = $1`, [id]))[0];
  const links = async (invitationId: string): Promise<number> =>
    (await test.dataSource.query(`SELECT count(*)::int AS n FROM survey_tokens WHERE invitation_id = $1`, [invitationId]))[0].n;
  /** Whatever a writer did, the table must allow it (the trigger would refuse otherwise). */
  const expectAllowed = (from: InvitationStatus, to: InvitationStatus): void => expect(`${from}->${canTransition(from, to) ? 'ok' : to}`).toBe(`${from}->ok`);

  describe('the trigger invitations_guard_transition', () => {
    it('allows exactly the transitions of TRANSITIONS, for all 81 ordered pairs', async () => {
      const { invitations } = await aSurgery(clinic, { daysAgo: 15 });
      const id = invitations['6m'];
      const byTable: string[] = [];
      const byDatabase: string[] = [];
      for (const from of INVITATION_STATUSES) {
        for (const to of INVITATION_STATUSES) {
          if (canTransition(from, to)) byTable.push(`${from}->${to}`);
          await forceState(test.dataSource, id, from);
          // Only the trigger may decide: the columns the CHECKs want for `to` come with it.
          const columns = columnsFor(to);
          try {
            await test.dataSource.query(`UPDATE invitations SET status = $2, claimed_by = $3, lease_until = $4, stop_reason = $5 WHERE id = $1`, [
              id,
              columns['status'],
              columns['claimed_by'],
              columns['lease_until'],
              columns['stop_reason'],
            ]);
            expect((await row(id)).status).toBe(to);
            byDatabase.push(`${from}->${to}`);
          } catch (error) {
            if (!/cannot go from/.test((error as Error).message)) throw error;
            expect((await row(id)).status).toBe(from);
          }
        }
      }
      expect(byDatabase).toEqual(byTable);
      expect(byTable).toHaveLength(9 + Object.values(TRANSITIONS).reduce((n, targets) => n + targets.length, 0));
    });
  });

  describe(InvitationsRepository.prototype.plan.name, () => {
    it('writes the planned ledger, and the schema refuses a second row for a time point', async () => {
      const enrolled = await aSurgery(clinic, { daysAgo: 15 });
      const planned = planInvitations(enrolled.surgeryDate, now(), test.config.clinicTimezone, test.config.followUpTimepoints);
      const rows: { timepoint: string; status: string; due_at: Date; closes_at: Date }[] = await test.dataSource.query(
        `SELECT timepoint, status, due_at, closes_at FROM invitations WHERE surgery_id = $1`,
        [enrolled.surgeryId],
      );
      expect(Object.fromEntries(rows.map((r) => [r.timepoint, [r.status, r.due_at, r.closes_at]]))).toEqual(
        Object.fromEntries(planned.map((p) => [p.timepoint, [p.status, p.dueAt, p.closesAt]])),
      );
      expect(rows.find((r) => r.timepoint === 'baseline')?.status).toBe('missed');
      await expect(sut.plan(test.dataSource.manager, enrolled.surgeryId, planned.slice(1, 2), now())).rejects.toThrow(/invitations_surgery_timepoint_key/);
    });
  });

  describe(InvitationsRepository.prototype.reschedule.name, () => {
    it.each(INVITATION_STATUSES)('from %s: takes what replan says, never a claimed or final row', async (from) => {
      const { id, enrolled, before } = await twoWeeksIn(from, from === 'sent' || from === 'reminded' ? { sent_at: new Date('2026-03-09T13:00:00Z') } : {});
      const later = DateTime.fromISO(enrolled.surgeryDate).plus({ days: 3 }).toISODate() as string;
      const plan = replan(
        { timepoint: '2w', status: from, dueAt: before.due_at, closesAt: before.closes_at, sentAt: before.sent_at, claimed: before.claimed_by !== null, collectedOn: null, patientActive: true },
        later,
        now(),
        test.config.clinicTimezone,
      );
      await sut.reschedule(test.dataSource.manager, enrolled.surgeryId, later, test.config.clinicTimezone, now());
      const after = await row(id);
      if (from === 'claimed' || from === 'completed' || from === 'cancelled') {
        expect(after).toEqual(before);
        return;
      }
      expect(plan.effect).not.toBe('unchanged');
      expect({ status: after.status, due: after.due_at, closes: after.closes_at }).toEqual({ status: plan.status, due: plan.dueAt, closes: plan.closesAt });
      expectAllowed(from, after.status);
    });
    it('reopens nothing for a patient no longer followed up (found by the property test)', async () => {
      const [withdrawn, active] = [await aSurgery(clinic, { daysAgo: 12 }), await aSurgery(clinic, { daysAgo: 12 })];
      made.push(withdrawn.surgeryId, active.surgeryId);
      await test.app.get(PatientsService).setStatus(clinic.admin, withdrawn.patientId, 'withdrawn');
      const before = await row(withdrawn.invitations.baseline);
      expect(before.status).toBe('missed');
      // Both surgeries moved to tomorrow: the baseline opens again only for the patient still followed up.
      for (const { surgeryId, surgeryDate } of [withdrawn, active]) {
        const tomorrow = DateTime.fromISO(surgeryDate).plus({ days: 13 }).toISODate() as string;
        await sut.reschedule(test.dataSource.manager, surgeryId, tomorrow, test.config.clinicTimezone, now());
      }
      expect(await row(withdrawn.invitations.baseline)).toEqual(before);
      expect(await row(active.invitations.baseline)).toMatchObject({ status: 'pending' });
    });
  });

  describe(InvitationsRepository.prototype.stop.name, () => {
    it.each(INVITATION_STATUSES)('from %s: cancels with its reason and drops the claim when stoppable, else leaves it', async (from) => {
      const { id, enrolled, before } = await twoWeeksIn(from);
      const stopped = await sut.stop(test.dataSource.manager, { patientId: enrolled.patientId }, 'deceased', now());
      const after = await row(id);
      if (STOPPABLE.includes(from)) {
        expect(after).toMatchObject({ status: 'cancelled', stop_reason: 'deceased', claimed_by: null, lease_until: null, next_reminder_at: null });
        expectAllowed(from, 'cancelled');
      } else {
        expect(after).toEqual(before);
      }
      // The other four of the surgery: 6w, 3m and 6m pending, the baseline missed (enrolled after surgery).
      expect(stopped).toBe(3 + (STOPPABLE.includes(from) ? 1 : 0));
    });

    it('cancels a message not yet handed over, and keeps one that was (it may have left)', async () => {
      const handedOver = await twoWeeksIn('claimed', { claimed_by: ME, lease_until: LIVE_LEASE.until });
      const notYet = await twoWeeksIn('claimed', { claimed_by: ME, lease_until: LIVE_LEASE.until });
      const [leftId, queuedId] = [await messageFor(handedOver.id), await messageFor(notYet.id)];
      expect(await sut.markAttempted(leftId, ME, now())).toBe(true);
      for (const { enrolled } of [handedOver, notYet]) await sut.stop(test.dataSource.manager, { surgeryId: enrolled.surgeryId }, 'surgery_cancelled', now());
      expect(await message(leftId)).toMatchObject({ status: 'queued', attempted_at: now() });
      expect(await message(queuedId)).toMatchObject({ status: 'cancelled', attempted_at: null });
      // The stopped claim fences the sender out: a message not yet handed over never will be.
      expect(await sut.markAttempted(queuedId, ME, now())).toBe(false);
    });
  });

  describe('claim (the dispatcher path: dueFirstSends / dueReminders, then claim)', () => {
    it.each(INVITATION_STATUSES.flatMap((from) => [[from, 'first'], [from, 'reminder']] as const))(
      'from %s, a %s: offered and claimed under our lease only from the states that kind may be claimed from',
      async (from, kind) => {
        const { id, before } = await twoWeeksIn(from, { next_reminder_at: new Date('2026-03-10T13:00:00Z') });
        const due = await test.dataSource.transaction(async (manager) => {
          const rows = await (kind === 'first' ? sut.dueFirstSends(manager, now(), 1000) : sut.dueReminders(manager, now(), 1000));
          // The claim's own compare-and-set, asked even for a row the query did not offer.
          await sut.claim(manager, [id], LIVE_LEASE, now(), kind);
          return rows.filter((r) => r.id === id);
        });
        const claimable = (kind === 'first' ? CLAIMABLE : REMINDABLE).includes(from);
        expect(due.length).toBe(claimable ? 1 : 0);
        const after = await row(id);
        if (!claimable) return expect(after).toEqual(before);
        // A first send becomes `claimed`; a reminder keeps its status under the claim.
        expect(after).toMatchObject({ status: kind === 'first' ? 'claimed' : from, claimed_by: ME, lease_until: LIVE_LEASE.until });
        expectAllowed(from, after.status);
      },
    );

    it('never takes a row another process holds', async () => {
      const first = await twoWeeksIn('claimed', { claimed_by: 'other', lease_until: LIVE_LEASE.until });
      const reminder = await twoWeeksIn('sent', { claimed_by: 'other', lease_until: LIVE_LEASE.until, next_reminder_at: new Date('2026-03-10T13:00:00Z') });
      await test.dataSource.transaction(async (manager) => {
        expect((await sut.dueReminders(manager, now(), 1000)).map((r) => r.id)).not.toContain(reminder.id);
        await sut.claim(manager, [first.id], LIVE_LEASE, now(), 'first');
        await sut.claim(manager, [reminder.id], LIVE_LEASE, now(), 'reminder');
      });
      expect(await row(first.id)).toEqual(first.before);
      expect(await row(reminder.id)).toEqual(reminder.before);
    });
  });

  describe(InvitationsRepository.prototype.markAttempted.name, () => {
    it.each([
      ['our live claim', { claimed_by: ME, lease_until: LIVE_LEASE.until }, true],
      ['an expired lease', { claimed_by: ME, lease_until: EXPIRED_LEASE.until }, false],
      ["another process's claim", { claimed_by: 'other', lease_until: LIVE_LEASE.until }, false],
    ] as const)('stamps attempted_at before a send only under %s', async (_, claim, expected) => {
      const { id } = await twoWeeksIn('claimed', claim);
      const messageId = await messageFor(id);
      expect(await sut.markAttempted(messageId, ME, now())).toBe(expected);
      expect((await message(messageId)).attempted_at).toEqual(expected ? now() : null);
    });
  });

  describe(InvitationsRepository.prototype.recordDelivery.name, () => {
    const delivered = (invitationId: string, messageId: string, kind: 'first' | 'reminder'): Parameters<InvitationsRepository['recordDelivery']>[0] => ({
      invitationId,
      messageId,
      kind,
      owner: ME,
      now: now(),
      invitation:
        kind === 'first'
          ? { status: 'sent', sentAt: now(), nextReminderAt: new Date('2026-03-13T13:00:00Z'), attempts: 1, lastError: null }
          : { status: 'reminded', remindedAt: now(), reminderCount: 1, nextReminderAt: null, attempts: 1, lastError: null },
      message: { status: 'sent', error: null, redactedBody: 'b [link removed]' },
    });

    it.each(INVITATION_STATUSES.flatMap((from) => [[from, 'first'], [from, 'reminder']] as const))(
      'from %s, a %s message: the outcome moves the invitation only from the state the fence expects, under our claim',
      async (from, kind) => {
        const { id, before } = await twoWeeksIn(from, from === 'cancelled' ? {} : { claimed_by: ME, lease_until: LIVE_LEASE.until });
        const messageId = await messageFor(id, kind === 'first' ? 0 : 1);
        const expected = deliveryExpects(kind).includes(from);
        expect(await sut.recordDelivery(delivered(id, messageId, kind))).toBe(expected);
        const after = await row(id);
        if (expected) {
          expect(after).toMatchObject({ status: kind === 'first' ? 'sent' : 'reminded', claimed_by: null, lease_until: null, sent_at: kind === 'first' ? now() : null });
          expectAllowed(from, after.status);
        } else {
          expect(after).toEqual(before);
        }
        // What happened to the message is recorded either way: it did leave.
        expect(await message(messageId)).toMatchObject({ status: 'sent', sent_at: now() });
      },
    );

    it('refuses an outcome from a process that no longer holds the claim', async () => {
      const { id, before } = await twoWeeksIn('claimed', { claimed_by: 'other', lease_until: LIVE_LEASE.until });
      expect(await sut.recordDelivery(delivered(id, await messageFor(id), 'first'))).toBe(false);
      expect(await row(id)).toEqual(before);
    });
  });

  describe(InvitationsRepository.prototype.reapExpiredLeases.name, () => {
    it.each([
      ['claimed', false, 'pending', 'absent'],
      ['claimed', true, 'unknown', 'unknown'],
      ['sent', false, 'sent', 'deleted'],
      ['sent', true, 'sent', 'unknown'],
      ['reminded', true, 'reminded', 'unknown'],
    ] as const)('an expired claim on %s (handed over: %s) becomes %s; its message %s', async (from, attempted, to, messageAfter) => {
      const { id } = await twoWeeksIn(from, { claimed_by: EXPIRED_LEASE.owner, lease_until: EXPIRED_LEASE.until });
      const messageId = await messageFor(id, from === 'claimed' ? 0 : 1);
      if (attempted) await test.dataSource.query(`UPDATE outbound_messages SET attempted_at = $2 WHERE id = $1`, [messageId, EXPIRED_LEASE.until]);
      await sut.reapExpiredLeases(now());
      expect(await row(id)).toMatchObject({ status: to, claimed_by: null, lease_until: null });
      expectAllowed(from, to);
      const after = await message(messageId);
      if (messageAfter === 'absent') expect(after).toMatchObject({ status: 'queued' });
      else if (messageAfter === 'deleted') expect(after).toBeUndefined();
      else expect(after).toMatchObject({ status: messageAfter });
    });

    it.each(INVITATION_STATUSES.filter((s) => s !== 'cancelled'))('leaves a live claim on %s alone, and a row without a claim', async (from) => {
      const live = await twoWeeksIn(from, { claimed_by: ME, lease_until: LIVE_LEASE.until });
      const unclaimed = await twoWeeksIn(from === 'claimed' ? 'pending' : from);
      await sut.reapExpiredLeases(now());
      expect(await row(live.id)).toEqual(live.before);
      expect(await row(unclaimed.id)).toEqual(unclaimed.before);
    });
  });

  describe(InvitationsRepository.prototype.closeExpiredWindows.name, () => {
    const closed = { due_at: new Date('2026-02-20T14:00:00Z'), closes_at: new Date('2026-03-10T04:00:00Z') };

    it.each(INVITATION_STATUSES)('a window past its end, from %s: missed only when closable and unclaimed', async (from) => {
      const { id, before } = await twoWeeksIn(from, closed);
      await sut.closeExpiredWindows(now());
      const after = await row(id);
      if (CLOSABLE.includes(from)) {
        expect(after).toMatchObject({ status: 'missed', next_reminder_at: null });
        expectAllowed(from, 'missed');
      } else {
        expect(after).toEqual(before);
      }
    });

    it('leaves an open window, and a reminder claim in flight, alone', async () => {
      const open = await twoWeeksIn('sent');
      const inFlight = await twoWeeksIn('sent', { ...closed, claimed_by: ME, lease_until: LIVE_LEASE.until });
      await sut.closeExpiredWindows(now());
      expect(await row(open.id)).toEqual(open.before);
      expect(await row(inFlight.id)).toEqual(inFlight.before);
    });
  });

  describe(InvitationsRepository.prototype.completeWithResponse.name, () => {
    const answer = {
      mode: 'paper' as const, enteredBy: null, legPain: 3, backPain: 2, walkingDistance: 2, satisfaction: 4,
      success: null, successV2: null, satisfied: true, definitionVersion: 'success-v1+satisfied-v1',
    };
    it.each(INVITATION_STATUSES)('from %s: completed (claim dropped) with its response only when answerable', async (from) => {
      const { id, before } = await twoWeeksIn(from, { draft_answers: { legPain: 4 } });
      const audited = test.app.get(AuditService).insertAfter(null, { action: 'test.answer', entityType: 'invitation', entityId: id });
      const { completed, stored } = await sut.completeWithResponse(test.dataSource.manager, id, now(), { ...answer, collectedAt: now() }, audited);
      expect({ completed, stored }).toEqual({ completed: ANSWERABLE.includes(from), stored: ANSWERABLE.includes(from) });
      const after = await row(id);
      const responses = await test.dataSource.query(`SELECT count(*)::int AS n FROM responses WHERE invitation_id = $1`, [id]);
      // The answer's audit row is written by the same statement, exactly when the response is.
      const [{ audits }] = await test.dataSource.query(`SELECT count(*)::int AS audits FROM audit_events WHERE action = 'test.answer' AND entity_id = $1`, [id]);
      expect(audits).toBe(stored ? 1 : 0);
      if (completed) {
        expect(after).toMatchObject({ status: 'completed', completed_at: now(), claimed_by: null, draft_answers: {} });
        expect(responses[0].n).toBe(1);
        expectAllowed(from, 'completed');
      } else {
        expect(after).toEqual(before);
        expect(responses[0].n).toBe(0);
      }
    });
  });

  describe(InvitationsRepository.prototype.resend.name, () => {
    it.each(INVITATION_STATUSES)('from %s: back to pending with a fresh count only when resendable', async (from) => {
      const { id, before } = await twoWeeksIn(from, { attempts: 4, last_error: 'SMTP 550: no such user' });
      const won = await sut.resend(test.dataSource.manager, id, now());
      expect(won).toBe(RESENDABLE.includes(from));
      const after = await row(id);
      if (won) {
        expect(after).toMatchObject({ status: 'pending', attempts: 0, last_error: null, next_attempt_at: null });
        expectAllowed(from, 'pending');
      } else {
        expect(after).toEqual(before);
      }
    });
  });

  describe(InvitationsRepository.prototype.issueLink.name, () => {
    it.each(INVITATION_STATUSES)('from %s: a staff link is issued only while the invitation is open', async (from) => {
      const { id } = await twoWeeksIn(from);
      const issued = test.app.get(InvitationsService).issueLink(clinic.admin, id);
      if (OPEN.includes(from)) {
        expect((await issued).url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
        expect(await links(id)).toBe(1);
      } else {
        await expect(issued).rejects.toMatchObject({ code: expect.any(String) });
        expect(await links(id)).toBe(0);
      }
    });
  });

  describe(InvitationsRepository.prototype.saveDraft.name, () => {
    it.each(INVITATION_STATUSES)('from %s: partial answers are kept only while the invitation is open', async (from) => {
      const { id } = await twoWeeksIn(from, { draft_answers: { legPain: 4 } });
      await sut.saveDraft(test.dataSource.manager, id, { backPain: 2, legPain: null }, now());
      expect((await row(id)).draft_answers).toEqual(OPEN.includes(from) ? { legPain: 4, backPain: 2 } : { legPain: 4 });
    });
  });

  describe('the dispatcher after a person acts', () => {
    const run = (): ReturnType<DispatcherService['runOnce']> => test.app.get(DispatcherService).runOnce();
    const messages = async (id: string): Promise<{ sequence: number; status: string }[]> =>
      test.dataSource.query(`SELECT sequence, status FROM outbound_messages WHERE invitation_id = $1 ORDER BY sequence`, [id]);

    it.each(['failed', 'unknown'] as const)('sends a %s first message again once a person resends it', async (from) => {
      const { id } = await twoWeeksIn('pending');
      const messageId = await messageFor(id);
      await test.dataSource.query(`UPDATE outbound_messages SET status = $2, attempted_at = $3 WHERE id = $1`, [messageId, from, EXPIRED_LEASE.until]);
      await forceState(test.dataSource, id, from);
      expect(await sut.resend(test.dataSource.manager, id, now())).toBe(true);
      await run();
      expect(await row(id)).toMatchObject({ status: 'sent', sent_at: now() });
      expect(await messages(id)).toEqual([{ sequence: 0, status: 'stored' }]);
    });

    it('skips a reminder in doubt (handed over by a process that died) and sends the next one on its day', async () => {
      const { id } = await twoWeeksIn('sent', {
        sent_at: new Date('2026-03-07T14:00:00Z'),
        next_reminder_at: new Date('2026-03-10T13:00:00Z'),
        claimed_by: EXPIRED_LEASE.owner,
        lease_until: EXPIRED_LEASE.until,
      });
      const inDoubt = await messageFor(id, 1);
      await test.dataSource.query(`UPDATE outbound_messages SET attempted_at = $2 WHERE id = $1`, [inDoubt, EXPIRED_LEASE.until]);
      await run();
      expect(await message(inDoubt)).toMatchObject({ status: 'unknown' });
      const linksAfterReap = await links(id);
      await run();
      await run();
      expect(await row(id)).toMatchObject({ status: 'sent', claimed_by: null });
      expect(await links(id)).toBe(linksAfterReap); // not claimed again, cycle after cycle
      expect(await messages(id)).toEqual([{ sequence: 1, status: 'unknown' }]);
      test.clock.set('2026-03-14T13:00:00Z'); // day 7 after the first send, 09:00 New York
      await run();
      expect(await row(id)).toMatchObject({ status: 'reminded', reminder_count: 2 });
      expect(await messages(id)).toEqual([{ sequence: 1, status: 'unknown' }, { sequence: 2, status: 'stored' }]);
    });
  });
});
