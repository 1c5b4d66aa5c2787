import { DataSource, EntityManager } from 'typeorm';
import type { Answers, Language, Procedure, Role, Timepoint } from '@stride/contracts';
import { AlertFinding, alertFindings } from '@stride/outcomes';
import type { AppConfig } from '../config/app-config';
import { hashPassword } from '../auth/password';
import { newPseudonym } from '../users/pseudonym';
import { planInvitations } from '../invitations/invitation-plan';
import { scoreResponse } from '../invitations/outcome-flags';
import { localDate } from '../common/dates';
import { DateTime } from 'luxon';
import { demoDelivery, seedFollowUpEdges } from './demo-follow-up';

export const DEMO_LOGINS: readonly { role: Role; name: string; email: string; password: string }[] = [
  { role: 'admin', name: 'Alex Rivera (coordinator)', email: 'admin@stride.demo', password: 'stride-demo-admin' },
  { role: 'surgeon', name: 'Dr. Amara Okafor', email: 'okafor@stride.demo', password: 'stride-demo-surgeon' },
  { role: 'surgeon', name: 'Dr. Erik Lindqvist', email: 'lindqvist@stride.demo', password: 'stride-demo-surgeon' },
  { role: 'surgeon', name: 'Dr. Lucia Moreno', email: 'moreno@stride.demo', password: 'stride-demo-surgeon' },
  { role: 'researcher', name: 'Dr. Priya Shah (research)', email: 'research@stride.demo', password: 'stride-demo-research' },
];

const PATIENTS = 300;
// How likely each demo surgeon's patients are to do well: different enough for a funnel plot to show.
const SURGEON_GOOD_OUTCOME = [0.88, 0.84, 0.74];
const RESPONSE_RATE: Record<Timepoint, number> = { baseline: 0.93, '2w': 0.88, '6w': 0.86, '3m': 0.83, '6m': 0.8, '12m': 0.77, '24m': 0.72 };
// Fraction of the eventual improvement reached at each time point (recovery is not instant).
const RECOVERY: Record<Timepoint, number> = { baseline: 0, '2w': 0.6, '6w': 0.8, '3m': 0.95, '6m': 1, '12m': 1, '24m': 1 };

const GIVEN = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Linda', 'Michael', 'Barbara', 'William', 'Elizabeth', 'David', 'Susan', 'Richard', 'Jessica', 'Joseph', 'Sarah', 'Thomas', 'Karen', 'Carmen', 'José', 'María', 'Luis', 'Ana', 'Jorge', 'Rosa', 'Wei', 'Mei', 'Ahmed', 'Fatima', 'Ivan', 'Olga', 'Kwame', 'Ama'];
const FAMILY = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Chen', 'Nguyen', 'Okonkwo', 'Petrov'];

/** A small seeded PRNG (mulberry32), so every fresh demo clinic looks the same. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.round(v)));

/**
 * The edges a clinic lives in, so the demo shows them (and the reproducibility test counts them):
 * follow-up stopped by withdrawal, opt-out and death some days after surgery, cancelled surgeries,
 * one rescheduled surgery, low baseline leg pain (success v1 cannot be reached from 0-1; v2 leaves
 * baselines below 3 out), baselines entered on paper after the surgery, paper and phone entries,
 * failed and unknown sends, non-responders some days after the last message, and patients followed
 * up on paper (demo-follow-up.ts).
 */
type Edge = { stop?: { reason: 'withdrawn' | 'opted_out' | 'deceased'; daysAfterSurgery: number }; cancelled?: boolean };
function edgeFor(n: number): Edge {
  if (n % 41 === 5) return { stop: { reason: 'withdrawn', daysAfterSurgery: 50 } };
  if (n % 41 === 17) return { stop: { reason: 'opted_out', daysAfterSurgery: 20 } };
  if (n % 31 === 9) return { stop: { reason: 'deceased', daysAfterSurgery: 45 } };
  if (n % 97 === 33) return { cancelled: true };
  return {};
}
const LOW_BASELINE_LEG_PAIN = (n: number): boolean => n % 23 === 4;
const WORSE_FROM_6_WEEKS = (n: number): boolean => n % 29 === 13;

/** Leg pain 3 above baseline and walking 2 bins below it (or at the bottom), satisfaction as answered. */
function worsened(baseline: Answers, answers: Answers): Answers {
  return {
    ...answers,
    legPain: Math.min(10, (baseline.legPain ?? 7) + 3),
    walkingDistance: Math.max(0, (baseline.walkingDistance ?? 1) - 2),
  };
}
/** A baseline collected on paper the day before surgery but entered 20 days after it (the follow-ups are rescored). */
const LATE_PAPER_BASELINE = (n: number): boolean => n % 19 === 7;

/**
 * Seeds a demo clinic when the database has no users: 3 surgeons, a researcher, an admin, and
 * about 300 patients over the last ten months with plausible trajectories (most improve, some
 * do not, recovery builds over time, not everyone answers). Refused in production by config.
 */
export async function seedDemoIfEmpty(
  dataSource: DataSource,
  config: AppConfig,
  now: Date,
  log: (line: string) => void,
): Promise<boolean> {
  if (config.production) throw new Error('Refusing to seed demo data in production');
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM users`);
  if (count > 0) return false;
  log('Seeding the demo clinic (about 300 patients)...');
  const random = rng(20261124);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const zone = config.clinicTimezone;

  await dataSource.transaction(async (manager) => {
    const userIds: string[] = [];
    for (const login of DEMO_LOGINS) {
      const [{ id }] = await manager.query(
        `INSERT INTO users (email, name, role, password_hash, surgeon_code) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [login.email, login.name, login.role, await hashPassword(login.password), newPseudonym('SG', 6)],
      );
      userIds.push(id);
    }
    const surgeons = userIds.slice(1, 4);
    const adminId = userIds[0];
    let rescheduled = false;
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');

    for (let n = 0; n < PATIENTS; n++) {
      const surgeonIndex = n % 3;
      const language: Language = random() < 0.18 ? 'es' : 'en';
      const given = pick(GIVEN);
      const family = pick(FAMILY);
      const age = 52 + Math.floor(random() * 36);
      const birthDate = today.minus({ years: age, days: Math.floor(random() * 365) }).toISODate() as string;
      const [{ id: patientId }] = await manager.query(
        `INSERT INTO patients (mrn, given_name, family_name, birth_date, email, phone, language, surgeon_id, subject_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          `MRN${String(100000 + n * 7).padStart(7, '0')}`,
          given,
          family,
          birthDate,
          `${given.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${family.toLowerCase()}${n}@example.org`,
          `+1555${String(1000000 + n).slice(-7)}`,
          language,
          surgeons[surgeonIndex],
          newPseudonym('S'),
        ],
      );
      // Surgeries spread over the last ~10 months, with a few still to come.
      const surgeryDate = today.minus({ days: Math.floor(random() * 320) - 20 }).toISODate() as string;
      const enrolledAt = DateTime.fromISO(surgeryDate, { zone }).minus({ days: 10 + Math.floor(random() * 20) }).set({ hour: 10 });
      const procedure: Procedure = random() < 0.6 ? 'laminectomy' : random() < 0.85 ? 'endoscopic_decompression' : 'other';
      const [{ id: surgeryId }] = await manager.query(
        `INSERT INTO surgeries (patient_id, surgeon_id, procedure, surgery_date, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [patientId, surgeons[surgeonIndex], procedure, surgeryDate, enrolledAt.toJSDate()],
      );

      const goodOutcome = random() < SURGEON_GOOD_OUTCOME[surgeonIndex];
      const edge = edgeFor(n);
      const stopAt = edge.stop ? DateTime.fromISO(surgeryDate, { zone }).plus({ days: edge.stop.daysAfterSurgery, hours: 11 }).toJSDate() : null;
      const stopped = edge.stop && stopAt && stopAt.getTime() <= now.getTime() ? { ...edge.stop, at: stopAt } : null;
      const surgeryCancelled = Boolean(edge.cancelled);
      if (stopped) await manager.query(`UPDATE patients SET status = $2 WHERE id = $1`, [patientId, stopped.reason]);
      if (surgeryCancelled) await manager.query(`UPDATE surgeries SET status = 'cancelled' WHERE id = $1`, [surgeryId]);
      // A few patients texted back something that is not a keyword: staff see it on the patient's page.
      const repliedAt = DateTime.fromISO(surgeryDate, { zone }).plus({ days: 16, hours: 14 });
      if (n % 53 === 5 && !stopped && repliedAt.toJSDate() < now) {
        await manager.query(`INSERT INTO sms_replies (patient_id, received_at, text) VALUES ($1, $2, $3)`, [
          patientId,
          repliedAt.toJSDate(),
          language === 'es' ? 'No tengo internet en casa, ¿me pueden llamar?' : 'Can someone call me instead? The link does not open on my phone.',
        ]);
      }
      const baseline: Answers = {
        legPain: LOW_BASELINE_LEG_PAIN(n) ? Math.floor(random() * 4) : clamp(6 + random() * 4, 0, 10),
        backPain: clamp(3 + random() * 5, 0, 10),
        walkingDistance: clamp(random() * 2.4, 0, 4),
      };
      const plans = planInvitations(surgeryDate, enrolledAt < DateTime.fromJSDate(now) ? enrolledAt.toJSDate() : now, zone, config.followUpTimepoints);
      let baselineAnswered: Answers | null = null;
      for (const plan of plans) {
        const windowClosed = plan.closesAt.getTime() <= now.getTime();
        const due = plan.dueAt.getTime() <= now.getTime();
        const expected = plan.timepoint === 'baseline' ? baseline : followUp(plan.timepoint, baseline, goodOutcome, random);
        // A few patients get worse from 6 weeks (a recurrence or a complication): the alerts page shows them.
        const answers = WORSE_FROM_6_WEEKS(n) && RECOVERY[plan.timepoint] >= 0.8 ? worsened(baseline, expected) : expected;
        let answered = due && random() < RESPONSE_RATE[plan.timepoint] && (windowClosed || random() < 0.5);
        let collectedAt = new Date(Math.min(plan.dueAt.getTime() + random() * 4 * 86_400_000, now.getTime()));
        let completedAt = collectedAt;
        const surgeryDay = DateTime.fromISO(surgeryDate, { zone });
        const late = plan.timepoint === 'baseline' && LATE_PAPER_BASELINE(n) && !surgeryCancelled && surgeryDay.plus({ days: 20, hours: 10 }).toJSDate() <= now;
        if (late) {
          answered = true;
          collectedAt = surgeryDay.minus({ days: 1 }).set({ hour: 12 }).toJSDate();
          completedAt = surgeryDay.plus({ days: 20, hours: 10 }).toJSDate();
        }
        // A stop wins over everything not yet answered when it happened.
        const stopReason =
          surgeryCancelled && plan.timepoint !== 'baseline'
            ? 'surgery_cancelled'
            : stopped && (!answered || collectedAt >= stopped.at) && plan.closesAt > stopped.at
              ? stopped.reason
              : surgeryCancelled && !answered
                ? 'surgery_cancelled'
                : null;
        if (stopReason) answered = false;
        const status = answered ? 'completed' : stopReason ? 'cancelled' : windowClosed ? 'missed' : 'pending';
        // A few open surveys whose send went wrong, for the delivery problems page.
        const problem = status === 'pending' && due && !surgeryCancelled ? (random() < 0.08 ? 'failed' : random() < 0.05 ? 'unknown' : null) : null;
        // An open survey that went out when due and is not answered yet: sent, reminded on schedule.
        const delivered = status === 'pending' && due && !problem && !surgeryCancelled ? demoDelivery(plan.dueAt, plan.closesAt, now, zone) : null;
        const [{ id: invitationId }] = await manager.query(
          `INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, stop_reason, sent_at, completed_at, attempts, last_error, updated_at,
                                    reminded_at, reminder_count, next_reminder_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
          [
            surgeryId,
            plan.timepoint,
            plan.dueAt,
            plan.closesAt,
            problem ?? delivered?.status ?? status,
            stopReason,
            (answered || delivered) && !late ? plan.dueAt : null,
            answered ? completedAt : null,
            problem ? 1 : 0,
            problem === 'failed'
              ? 'SMTP 550: 5.1.1 mailbox unavailable'
              : problem === 'unknown'
                ? 'The sending process stopped after handing the message over; check with the patient before resending'
                : null,
            now,
            delivered?.remindedAt ?? null,
            delivered?.reminderCount ?? 0,
            delivered?.nextReminderAt ?? null,
          ],
        );
        if (problem) {
          await manager.query(
            `INSERT INTO outbound_messages (invitation_id, kind, sequence, channel, recipient, subject, body, status, error, created_at, attempted_at)
             VALUES ($1, 'invitation', 0, 'email', $2, 'A short survey about your recovery', '[link removed after delivery]', $3, $4, $5, $5)`,
            [invitationId, `${given.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${family.toLowerCase()}${n}@example.org`, problem, problem === 'failed' ? 'SMTP 550: 5.1.1 mailbox unavailable' : null, plan.dueAt],
          );
        }
        if (!answered) continue;
        if (plan.timepoint === 'baseline') baselineAnswered = answers;
        const isBaseline = plan.timepoint === 'baseline';
        // Most answer by link; some on paper at a visit, some by phone with the coordinator.
        const roll = random();
        const mode = late ? 'paper' : roll < 0.75 ? 'web' : roll < 0.9 || isBaseline ? 'paper' : 'phone';
        const flags = scoreResponse(plan.timepoint, isBaseline ? null : baselineAnswered, answers);
        // Staff entries are dated by the day they were collected (noon clinic time).
        const collected = mode === 'web' ? collectedAt : DateTime.fromJSDate(collectedAt, { zone }).set({ hour: 12, minute: 0 }).toJSDate();
        const [{ id: responseId }] = await manager.query(
          `INSERT INTO responses (invitation_id, mode, collected_at, entered_by, leg_pain, back_pain, walking_distance, satisfaction,
                                  success, success_v2, satisfied, definition_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [
            invitationId,
            mode,
            collected,
            mode === 'web' ? null : adminId,
            answers.legPain,
            answers.backPain,
            answers.walkingDistance,
            answers.satisfaction ?? null,
            flags.success,
            flags.successV2,
            flags.satisfied,
            flags.definitionVersion,
          ],
        );
        await seedAlerts(manager, responseId, alertFindings(plan.timepoint, answers, baselineAnswered), collected, now, surgeons[surgeonIndex], n);
      }
      // One surgery moved a week later before anything was sent: its trace is in the audit log.
      if (!rescheduled && !stopped && !surgeryCancelled && DateTime.fromISO(surgeryDate, { zone }) > today.plus({ days: 7 })) {
        rescheduled = true;
        await manager.query(
          `INSERT INTO audit_events (at, actor_id, actor_role, action, entity_type, entity_id, detail)
           VALUES ($1, $2, 'admin', 'surgery.update', 'surgery', $3, $4)`,
          [enrolledAt.plus({ days: 2 }).toJSDate(), adminId, surgeryId, JSON.stringify({ surgeryDate, from: DateTime.fromISO(surgeryDate).minus({ days: 7 }).toISODate() })],
        );
      }
    }
    await seedFollowUpEdges(manager, { adminId, surgeonIds: surgeons }, now, config);
  });
  log(`Demo clinic seeded (${PATIENTS} patients; surgeries up to ${localDate(now, zone)}).`);
  return true;
}

/**
 * The alerts a response raised, as ResponsesService raises them. The surgeon acknowledged most of
 * those older than a month (two days after they came) but overlooked every fourth patient's, so
 * the demo shows recent open alerts, old open ones, and acknowledged ones.
 */
async function seedAlerts(
  manager: Pick<EntityManager, 'query'>,
  responseId: string,
  findings: AlertFinding[],
  raisedAt: Date,
  now: Date,
  surgeonId: string,
  patientNumber: number,
): Promise<void> {
  const acknowledged = now.getTime() - raisedAt.getTime() > 30 * 86_400_000 && patientNumber % 4 !== 0;
  for (const finding of findings) {
    await manager.query(
      `INSERT INTO alerts (response_id, kind, detail, created_at, acknowledged_at, acknowledged_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [responseId, finding.kind, finding.detail, raisedAt, acknowledged ? new Date(raisedAt.getTime() + 2 * 86_400_000) : null, acknowledged ? surgeonId : null],
    );
  }
}

function followUp(timepoint: Timepoint, baseline: Answers, good: boolean, random: () => number): Answers {
  const reach = RECOVERY[timepoint];
  const legBase = baseline.legPain ?? 7;
  // Good outcomes keep 15-45% of their leg pain; poor ones 60-100%, with some noise either way.
  const keep = good ? 0.15 + random() * 0.3 : 0.6 + random() * 0.4;
  const legPain = clamp(legBase - (legBase * (1 - keep)) * reach + (random() - 0.5) * 1.2, 0, 10);
  const backPain = clamp((baseline.backPain ?? 5) * (good ? 0.6 : 0.9) + (random() - 0.5) * 2, 0, 10);
  const walkGain = good ? 1 + Math.floor(random() * 3) : random() < 0.3 ? 1 : 0;
  const walkingDistance = clamp((baseline.walkingDistance ?? 1) + walkGain * reach + (random() - 0.5) * 0.6, 0, 4);
  const satisfaction = clamp(good ? 4 + random() * 1.2 - (random() < 0.08 ? 2 : 0) : 2 + random() * 2.4, 1, 5);
  return { legPain, backPain, walkingDistance, satisfaction };
}
