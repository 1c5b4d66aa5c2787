import fc from 'fast-check';
import { DateTime } from 'luxon';
import { TIMEPOINTS, type InvitationStatus, type SchedulerRunResult } from '@stride/contracts';
import { OPEN, TRANSITIONS } from '../src/app/invitations/invitation-lifecycle';
import { InvitationsRepository } from '../src/app/invitations/invitations.repository';
import { InvitationsService } from '../src/app/invitations/invitations.service';
import { DispatcherService } from '../src/app/scheduler/dispatcher.service';
import { SurgeriesService } from '../src/app/surgeries/surgeries.service';
import { PatientsService } from '../src/app/patients/patients.service';
import { SurveysService } from '../src/app/surveys/surveys.service';
import { DomainError } from '../src/app/common/domain-errors';
import { startTestApp, TestApp } from './harness';
import { RecipientPolicy, startSmtpSink, SunkMail } from './smtp-sink';
import { aClinic, aSurgery, answersFor, Clinic, clinicDay, Enrolled } from './factories';

const START = '2026-03-10T14:00:00Z';

type Event =
  | { kind: 'enroll'; daysAgo: number }
  | { kind: 'reschedule'; who: number; shiftDays: number }
  | { kind: 'dispatch' }
  | { kind: 'smtpFails'; who: number; code: 451 | 550 }
  | { kind: 'remind'; days: number }
  | { kind: 'tick' }
  | { kind: 'clock'; hours: number }
  | { kind: 'answer'; who: number; via: 'web' | 'staff' }
  | { kind: 'stop'; who: number; how: 'cancel_surgery' | 'withdraw' | 'opt_out' | 'death' }
  | { kind: 'resend'; who: number };

const who = fc.nat({ max: 5 });
/** Mostly surgeries whose 2-week survey is about due, sometimes anything from 3 weeks ahead to 6 weeks ago. */
const daysAgo = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 12, max: 18 }) }, { weight: 1, arbitrary: fc.integer({ min: -20, max: 40 }) });
const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('enroll' as const), daysAgo }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reschedule' as const), who, shiftDays: fc.integer({ min: -20, max: 20 }).filter((d) => d !== 0) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'dispatch' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('smtpFails' as const), who, code: fc.constantFrom(451 as const, 550 as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('remind' as const), days: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), hours: fc.integer({ min: 1, max: 72 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('answer' as const), who, via: fc.constantFrom('web' as const, 'staff' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), who, how: fc.constantFrom('cancel_surgery' as const, 'withdraw' as const, 'opt_out' as const, 'death' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resend' as const), who }) },
);
/** Every sequence starts with an enrollment, so there is someone to act on. */
const sequences = fc.tuple(daysAgo, fc.array(event, { minLength: 1, maxLength: 12 })).map(([daysAgo, rest]): Event[] => [
  { kind: 'enroll', daysAgo },
  ...rest,
]);

/** Everything reachable from each status in TRANSITIONS (itself included). */
const REACHABLE = Object.fromEntries(
  (Object.keys(TRANSITIONS) as InvitationStatus[]).map((from) => {
    const seen = new Set<InvitationStatus>([from]);
    for (const at of seen) for (const to of TRANSITIONS[at]) seen.add(to);
    return [from, seen];
  }),
) as Record<InvitationStatus, Set<InvitationStatus>>;

interface Snapshot {
  id: string;
  status: InvitationStatus;
  stop_reason: string | null;
  claimed_by: string | null;
  closes_at: Date;
  patient_status: string;
  surgery_status: string;
}

/**
 * Random sequences of what happens to patients (enrollment, date changes, dispatch cycles, SMTP
 * 4xx/5xx, reminders, answers on the web or entered by staff, stops, resends, time passing),
 * with the invariants of the lifecycle checked after every event and at the end of a sequence.
 * One app, one database and one SMTP sink for the file; fresh patients for each sequence.
 */
describe('invitation lifecycle under random sequences of events', () => {
  let test: TestApp;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let clinic: Clinic;
  const failNext = new Map<string, number>();
  /** Which statuses the sequences reached: a property that never sends anything proves nothing. */
  const reached = new Set<InvitationStatus>();

  beforeAll(async () => {
    // The next delivery to an address in failNext is refused once with that SMTP code.
    const policy: RecipientPolicy = (address) => {
      const code = failNext.get(address) ?? null;
      failNext.delete(address);
      return code;
    };
    sink = await startSmtpSink(policy);
    test = await startTestApp({ now: START, env: { SMTP_URL: sink.url } });
    clinic = await aClinic(test);
  });

  afterAll(async () => {
    await test?.close();
    await sink?.close();
  });

  const messageIdOf = (mail: SunkMail): string => (/^Message-ID: <([0-9a-f-]{36})@stride>/im.exec(mail.raw) as RegExpExecArray)[1];
  const tokenOf = (mail: SunkMail): string => (/\/s\/([A-Za-z0-9_-]{43})/.exec(mail.text) as RegExpExecArray)[1];

  async function snapshot(patients: Enrolled[]): Promise<Map<string, Snapshot>> {
    const rows: Snapshot[] = await test.dataSource.query(
      `SELECT i.id, i.status, i.stop_reason, i.claimed_by, i.closes_at, p.status AS patient_status, s.status AS surgery_status
         FROM invitations i JOIN surgeries s ON s.id = i.surgery_id JOIN patients p ON p.id = s.patient_id
        WHERE s.id = ANY($1::uuid[])`,
      [patients.map((p) => p.surgeryId)],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Only a domain error (a refusal with a code) is an acceptable outcome of a person's action. */
  async function attempt(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
  }

  /** Applies one event; returns the dispatch result when the event ran a cycle. */
  async function apply(e: Event, patients: Enrolled[]): Promise<SchedulerRunResult | null> {
    const run = (): Promise<SchedulerRunResult> => test.app.get(DispatcherService).runOnce();
    const admin = clinic.admin;
    const patient = 'who' in e ? patients[e.who % patients.length] : undefined;
    const latestMail = (): SunkMail | undefined => sink.mails.filter((m) => m.to.includes(patient?.email as string)).at(-1);
    switch (e.kind) {
      case 'enroll':
        patients.push(await aSurgery(clinic, { daysAgo: e.daysAgo }));
        return null;
      case 'reschedule': {
        const [surgery] = await test.dataSource.query(`SELECT to_char(surgery_date, 'YYYY-MM-DD') AS d FROM surgeries WHERE id = $1`, [patient?.surgeryId]);
        const surgeryDate = DateTime.fromISO(surgery.d).plus({ days: e.shiftDays }).toISODate() as string;
        await attempt(() => test.app.get(SurgeriesService).update(admin, patient!.surgeryId, { surgeryDate }));
        return null;
      }
      case 'dispatch':
        return run();
      case 'smtpFails':
        failNext.set(patient!.email as string, e.code);
        return null;
      case 'remind':
        test.clock.advanceDays(e.days);
        return run();
      case 'tick':
        test.clock.advance(61_000);
        return run();
      case 'clock':
        test.clock.advance(e.hours * 3_600_000);
        return null;
      case 'answer': {
        if (e.via === 'staff') {
          // Staff enter whatever survey of this patient may be recorded today.
          const collectedAt = clinicDay(test, 0);
          for (const timepoint of TIMEPOINTS) {
            const recorded = await attempt(() =>
              test.app.get(InvitationsService).recordStaffResponse(admin, patient!.invitations[timepoint], { answers: answersFor(timepoint), mode: 'phone', collectedAt }),
            );
            if (recorded) break;
          }
          return null;
        }
        // The patient answers from the latest message they received.
        const mail = latestMail();
        if (!mail) return null;
        const surveys = test.app.get(SurveysService);
        await attempt(async () => surveys.submit(tokenOf(mail), answersFor((await surveys.view(tokenOf(mail))).timepoint)));
        return null;
      }
      case 'stop': {
        const mail = latestMail();
        if (e.how === 'cancel_surgery') await attempt(() => test.app.get(SurgeriesService).update(admin, patient!.surgeryId, { status: 'cancelled' }));
        else if (e.how === 'opt_out' && mail) await attempt(() => test.app.get(SurveysService).optOut(tokenOf(mail)));
        else await attempt(() => test.app.get(PatientsService).setStatus(admin, patient!.patientId, e.how === 'death' ? 'deceased' : e.how === 'withdraw' ? 'withdrawn' : 'opted_out'));
        return null;
      }
      case 'resend':
        for (const timepoint of TIMEPOINTS) await attempt(() => test.app.get(InvitationsService).resend(admin, patient!.invitations[timepoint]));
        return null;
    }
  }

  async function play(events: Event[]): Promise<void> {
    test.clock.set(START);
    failNext.clear();
    const patients: Enrolled[] = [];
    const created = new Map<string, InvitationStatus>();
    // Nothing else writes these rows between events (the scheduler's timer is off in tests).
    let before = new Map<string, Snapshot>();
    try {
      for (const e of events) {
        const mailsBefore = sink.mails.length;
        const result = await apply(e, patients);
        const sentAt = test.clock.now();
        const after = await snapshot(patients);
        const context = `after ${JSON.stringify(e)}`;

        for (const [id, row] of after) {
          reached.add(row.status);
          if (!before.has(id)) {
            created.set(id, row.status);
            expect(['pending', 'missed']).toContain(row.status);
          }
          const from = before.get(id)?.status ?? (created.get(id) as InvitationStatus);
          // Every change is one the table allows (in one or more steps within the event).
          expect(`${from}->${row.status}: ${REACHABLE[from].has(row.status) ? 'reachable' : 'NOT reachable'} ${context}`).toMatch(/: reachable/);
          expect(row.status === 'cancelled').toBe(row.stop_reason !== null);
          // A stop stops everything still open, and nothing reopens afterwards.
          if (row.patient_status !== 'active' || row.surgery_status !== 'scheduled') {
            expect(`${row.status} for a ${row.patient_status} patient, ${row.surgery_status} surgery ${context}`).not.toMatch(new RegExp(`^(${OPEN.join('|')}) `));
          }
          // A sequential dispatch cycle leaves no claim behind.
          if (result) expect(row.claimed_by).toBeNull();
        }
        if (result) expect({ errors: result.errors, context }).toEqual({ errors: 0, context });

        // What arrived at the SMTP server during this event was sent to an invitation that was open then.
        const arrived = sink.mails.slice(mailsBefore);
        if (arrived.length > 0) {
          expect(result).not.toBeNull();
          const ids = arrived.map(messageIdOf);
          const owners: { id: string; invitation_id: string }[] = await test.dataSource.query(`SELECT id, invitation_id FROM outbound_messages WHERE id = ANY($1::uuid[])`, [ids]);
          for (const id of ids) {
            const invitation = before.get(owners.find((o) => o.id === id)?.invitation_id as string) as Snapshot;
            expect(invitation).toBeDefined();
            expect({ status: invitation.status, patient: invitation.patient_status, surgery: invitation.surgery_status, context }).toEqual({
              status: expect.stringMatching(/^(pending|sent|reminded)$/),
              patient: 'active',
              surgery: 'scheduled',
              context,
            });
            expect(sentAt.getTime()).toBeLessThan(invitation.closes_at.getTime());
          }
        }
        before = after;
      }
      await checkLedger(patients);
    } finally {
      // Nothing of this sequence stays open for the next one (which starts the clock over).
      for (const p of patients) await test.app.get(InvitationsRepository).stop(test.dataSource.manager, { patientId: p.patientId }, 'withdrawn', test.clock.now());
    }
  }

  /** At the end of a sequence: the outbox agrees with the SMTP server, and answers with statuses. */
  async function checkLedger(patients: Enrolled[]): Promise<void> {
    const surgeryIds = patients.map((p) => p.surgeryId);
    const messages: { id: string; invitation_id: string; sequence: number; status: string }[] = await test.dataSource.query(
      `SELECT m.id, m.invitation_id, m.sequence, m.status FROM outbound_messages m JOIN invitations i ON i.id = m.invitation_id WHERE i.surgery_id = ANY($1::uuid[])`,
      [surgeryIds],
    );
    const delivered = new Map<string, number>();
    for (const mail of sink.mails) delivered.set(messageIdOf(mail), (delivered.get(messageIdOf(mail)) ?? 0) + 1);
    // A message row is `sent` exactly when the server got it, once; so one first message per invitation.
    expect(messages.filter((m) => (delivered.get(m.id) ?? 0) !== (m.status === 'sent' ? 1 : 0))).toEqual([]);
    const firsts = messages.filter((m) => m.sequence === 0 && delivered.has(m.id)).map((m) => m.invitation_id);
    expect(firsts.length).toBe(new Set(firsts).size);

    const answered: { id: string; status: string; responses: number }[] = await test.dataSource.query(
      `SELECT i.id, i.status, (SELECT count(*)::int FROM responses r WHERE r.invitation_id = i.id) AS responses
         FROM invitations i WHERE i.surgery_id = ANY($1::uuid[])`,
      [surgeryIds],
    );
    expect(answered.filter((i) => (i.status === 'completed') !== (i.responses === 1) || i.responses > 1)).toEqual([]);
  }

  it('keeps every invariant of the lifecycle', async () => {
    await fc.assert(
      fc.asyncProperty(sequences, (events) => play(events)),
      { numRuns: 30 },
    );
    expect([...reached]).toEqual(expect.arrayContaining(['sent', 'completed', 'cancelled', 'missed']));
  }, 300_000);
});
