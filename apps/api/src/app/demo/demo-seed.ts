import { DataSource } from 'typeorm';
import type { Answers, Language, Procedure, Role, Timepoint } from '@stride/contracts';
import { definitionVersionLabel, evaluateSatisfied, evaluateSuccess } from '@stride/outcomes';
import type { AppConfig } from '../config/app-config';
import { hashPassword } from '../auth/password';
import { newPseudonym } from '../users/pseudonym';
import { planInvitations } from '../invitations/invitation-plan';
import { localDate } from '../common/dates';
import { DateTime } from 'luxon';

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
const RESPONSE_RATE: Record<Timepoint, number> = { baseline: 0.93, '2w': 0.88, '6w': 0.86, '3m': 0.83, '6m': 0.8 };
// Fraction of the eventual improvement reached at each time point (recovery is not instant).
const RECOVERY: Record<Timepoint, number> = { baseline: 0, '2w': 0.6, '6w': 0.8, '3m': 0.95, '6m': 1 };

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
      const baseline: Answers = {
        legPain: clamp(6 + random() * 4, 0, 10),
        backPain: clamp(3 + random() * 5, 0, 10),
        walkingDistance: clamp(random() * 2.4, 0, 4),
      };
      const plans = planInvitations(surgeryDate, enrolledAt < DateTime.fromJSDate(now) ? enrolledAt.toJSDate() : now, zone);
      let baselineAnswered: Answers | null = null;
      for (const plan of plans) {
        const windowClosed = plan.closesAt.getTime() <= now.getTime();
        const due = plan.dueAt.getTime() <= now.getTime();
        const answers = plan.timepoint === 'baseline' ? baseline : followUp(plan.timepoint, baseline, goodOutcome, random);
        const answered = due && random() < RESPONSE_RATE[plan.timepoint] && (windowClosed || random() < 0.5);
        const status = answered ? 'completed' : windowClosed ? 'missed' : 'pending';
        const collectedAt = new Date(Math.min(plan.dueAt.getTime() + random() * 4 * 86_400_000, now.getTime()));
        const [{ id: invitationId }] = await manager.query(
          `INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, sent_at, completed_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [surgeryId, plan.timepoint, plan.dueAt, plan.closesAt, status, answered ? plan.dueAt : null, answered ? collectedAt : null, now],
        );
        if (!answered) continue;
        if (plan.timepoint === 'baseline') baselineAnswered = answers;
        const isBaseline = plan.timepoint === 'baseline';
        await manager.query(
          `INSERT INTO responses (invitation_id, mode, collected_at, leg_pain, back_pain, walking_distance, satisfaction,
                                  success, satisfied, definition_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            invitationId,
            random() < 0.8 ? 'web' : 'paper',
            collectedAt,
            answers.legPain,
            answers.backPain,
            answers.walkingDistance,
            answers.satisfaction ?? null,
            isBaseline ? null : evaluateSuccess(baselineAnswered, answers),
            isBaseline ? null : evaluateSatisfied(answers),
            definitionVersionLabel(),
          ],
        );
      }
    }
  });
  log(`Demo clinic seeded (${PATIENTS} patients; surgeries up to ${localDate(now, zone)}).`);
  return true;
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
