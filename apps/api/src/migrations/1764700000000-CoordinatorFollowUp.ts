import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinator's follow-up (DESIGN.md "Coordinator and follow-up"):
 * - `paper` joins the preferred channels: followed up by the clinic, nothing sent automatically.
 *   A channel needs its contact on file (a CHECK, the last guard behind the API's field error).
 *   Patients enrolled before this rule are made consistent first: with no contact at all they
 *   become `paper` (their surveys then reach the worklist instead of failing quietly); an sms
 *   patient without a phone falls back to email and the other way round, as the dispatcher did.
 * - `contact_attempts`: the calls staff log against a survey. Append-only from the app's side.
 */
export class CoordinatorFollowUp1764700000000 implements MigrationInterface {
  name = 'CoordinatorFollowUp1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE patients DROP CONSTRAINT patients_preferred_channel_check`);
    await q.query(`UPDATE patients SET preferred_channel = 'paper' WHERE email IS NULL AND phone IS NULL`);
    await q.query(`UPDATE patients SET preferred_channel = 'email' WHERE preferred_channel = 'sms' AND phone IS NULL`);
    await q.query(`UPDATE patients SET preferred_channel = 'sms' WHERE preferred_channel = 'email' AND email IS NULL`);
    await q.query(`
      ALTER TABLE patients ADD CONSTRAINT patients_preferred_channel_check CHECK (
        preferred_channel IN ('email', 'sms', 'paper')
        AND (preferred_channel <> 'email' OR email IS NOT NULL)
        AND (preferred_channel <> 'sms' OR phone IS NOT NULL))`);

    await q.query(`
      CREATE TABLE contact_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invitation_id uuid NOT NULL REFERENCES invitations (id),
        outcome text NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'left_message', 'wrong_number', 'declined')),
        note text CHECK (note IS NULL OR length(note) <= 1000),
        made_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL
      )`);
    // The worklist counts attempts per invitation and reads the latest ones.
    await q.query(`CREATE INDEX contact_attempts_invitation_idx ON contact_attempts (invitation_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contact_attempts`);
    await q.query(`ALTER TABLE patients DROP CONSTRAINT patients_preferred_channel_check`);
    await q.query(`UPDATE patients SET preferred_channel = CASE WHEN email IS NULL AND phone IS NOT NULL THEN 'sms' ELSE 'email' END WHERE preferred_channel = 'paper'`);
    await q.query(`ALTER TABLE patients ADD CONSTRAINT patients_preferred_channel_check CHECK (preferred_channel IN ('email', 'sms'))`);
  }
}
