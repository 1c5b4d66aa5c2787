import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import type { Answers, CreatePatientRequest, InvitationStatus, StopReason, Timepoint } from '@stride/contracts';
import type { Caller } from '../src/app/auth/caller';
import { UsersService } from '../src/app/users/users.service';
import { PatientsService } from '../src/app/patients/patients.service';
import { SurgeriesService } from '../src/app/surgeries/surgeries.service';
import type { TestApp } from './harness';

/**
 * Small factories for the medium test tier: rows made through the services (the same checks and
 * the same transaction as the API), without HTTP. Each test makes its own patients.
 */
export interface Clinic {
  test: TestApp;
  admin: Caller;
  surgeonId: string;
}

export interface Enrolled {
  patientId: string;
  surgeryId: string;
  surgeryDate: string;
  email: string | null;
  invitations: Record<Timepoint, string>;
}

/** An admin (the caller of the services) and a surgeon, straight through UsersService. */
export async function aClinic(test: TestApp): Promise<Clinic> {
  const users = test.app.get(UsersService);
  const user = async (role: 'admin' | 'surgeon'): Promise<Caller> => {
    const tag = randomBytes(4).toString('hex');
    const created = await users.create(null, { email: `${role}-${tag}@clinic.test`, name: `${role} ${tag}`, role, password: `pw-${tag}-${tag}` });
    return { id: created.id, role, name: created.name };
  };
  const admin = await user('admin');
  const surgeon = await user('surgeon');
  return { test, admin, surgeonId: surgeon.id };
}

/** The clinic's calendar date `days` from the test clock's now (negative: in the past). */
export function clinicDay(test: TestApp, days: number): string {
  return DateTime.fromJSDate(test.clock.now(), { zone: test.config.clinicTimezone }).plus({ days }).toISODate() as string;
}

/**
 * A patient and a surgery with its five invitations, e.g. `aSurgery(clinic, { daysAgo: 15 })` for a
 * surgery 15 days ago (its 2-week survey due). Every patient has their own email address.
 */
export async function aSurgery(
  clinic: Clinic,
  options: { daysAgo?: number; surgeryDate?: string; patient?: Partial<CreatePatientRequest> } = {},
): Promise<Enrolled> {
  const { test, admin, surgeonId } = clinic;
  const mrn = `MRN-${randomBytes(5).toString('hex')}`;
  const patient = await test.app.get(PatientsService).create(admin, {
    mrn,
    givenName: 'Test',
    familyName: 'Patient',
    birthDate: '1955-04-12',
    email: `${mrn.toLowerCase()}@example.org`,
    language: 'en',
    surgeonId,
    ...options.patient,
  });
  const surgeryDate = options.surgeryDate ?? clinicDay(test, -(options.daysAgo ?? 0));
  const surgery = await test.app.get(SurgeriesService).create(admin, patient.id, { procedure: 'laminectomy', surgeryDate });
  return {
    patientId: patient.id,
    surgeryId: surgery.id,
    surgeryDate,
    email: patient.email ?? null,
    invitations: Object.fromEntries(surgery.invitations.map((i) => [i.timepoint, i.id])) as Record<Timepoint, string>,
  };
}

/** A complete, valid answer for a time point (satisfaction is asked after surgery only). */
export function answersFor(timepoint: Timepoint): Answers {
  return timepoint === 'baseline'
    ? { legPain: 7, backPain: 5, walkingDistance: 1 }
    : { legPain: 2, backPain: 3, walkingDistance: 3, satisfaction: 4 };
}

export interface InvitationRow {
  id: string;
  status: InvitationStatus;
  stop_reason: StopReason | null;
  claimed_by: string | null;
  lease_until: Date | null;
  due_at: Date;
  closes_at: Date;
  sent_at: Date | null;
  attempts: number;
  reminder_count: number;
  next_reminder_at: Date | null;
  next_attempt_at: Date | null;
  last_error: string | null;
  draft_answers: Answers;
  completed_at: Date | null;
}

export async function invitationRow(dataSource: DataSource, id: string): Promise<InvitationRow> {
  const [row] = await dataSource.query(`SELECT * FROM invitations WHERE id = $1`, [id]);
  if (!row) throw new Error(`no invitation ${id}`);
  return row;
}

/** The columns each status needs to satisfy the CHECKs: a claim for `claimed`, a reason and no claim for `cancelled`. */
export function columnsFor(status: InvitationStatus, lease: { owner: string; until: Date } = { owner: 'test-owner', until: new Date('2100-01-01T00:00:00Z') }): Record<string, unknown> {
  return {
    status,
    claimed_by: status === 'claimed' ? lease.owner : null,
    lease_until: status === 'claimed' ? lease.until : null,
    stop_reason: status === 'cancelled' ? 'withdrawn' : null,
  };
}

/**
 * Puts an invitation in any state, bypassing the transition trigger (session_replication_role =
 * replica turns triggers off for this transaction only), so a test can start from any source
 * state. `set` overrides or adds columns (e.g. a claim on a `sent` row, a past closes_at).
 */
export async function forceState(dataSource: DataSource, id: string, status: InvitationStatus, set: Record<string, unknown> = {}): Promise<void> {
  const columns = { ...columnsFor(status), ...set };
  const names = Object.keys(columns);
  await dataSource.transaction(async (manager) => {
    await manager.query(`SET LOCAL session_replication_role = replica`);
    await manager.query(
      `UPDATE invitations SET ${names.map((name, i) => `${name} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [id, ...names.map((name) => columns[name])],
    );
  });
}

/**
 * `count` subjects of one surgeon, each with one surgery (2026-01-05) and a completed, answered
 * invitation at each of `timepoints`: bulk rows for the exports, written straight in SQL. `tag`
 * keeps their MRNs and subject codes apart from other rows.
 */
export async function answeredSubjects(dataSource: DataSource, surgeonId: string, count: number, timepoints: Timepoint[], tag: string): Promise<void> {
  await dataSource.query(
    `WITH p AS (
       INSERT INTO patients (mrn, given_name, family_name, birth_date, email, language, surgeon_id, subject_code)
       SELECT $3 || '-' || g, 'Given', 'Family', '1950-01-01', 'p' || g || '@' || lower($3) || '.test', 'en', $1, 'S-' || $3 || g
         FROM generate_series(1, $2::int) g
       RETURNING id
     ), s AS (
       INSERT INTO surgeries (patient_id, surgeon_id, procedure, surgery_date)
       SELECT id, $1, 'laminectomy', date '2026-01-05' FROM p
       RETURNING id
     ), i AS (
       INSERT INTO invitations (surgery_id, timepoint, due_at, closes_at, status, completed_at)
       SELECT s.id, tp, timestamptz '2026-01-01', timestamptz '2026-01-02', 'completed', timestamptz '2026-01-01 12:00'
         FROM s, unnest($4::text[]) tp
       RETURNING id
     )
     INSERT INTO responses (invitation_id, mode, collected_at, leg_pain, back_pain, walking_distance, definition_version)
     SELECT id, 'web', timestamptz '2026-01-01 12:00', 5, 4, 2, 'success-v1+satisfied-v1' FROM i`,
    [surgeonId, count, tag, timepoints],
  );
}
