import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. The database is the last word on the invariants:
 * one invitation per (surgery, timepoint), one final response per invitation,
 * answer ranges, allowed states, and an append-only audit log.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        role text NOT NULL CHECK (role IN ('admin', 'surgeon', 'researcher')),
        password_hash text NOT NULL,
        -- A random pseudonym used in research exports instead of the surgeon's name.
        surgeon_code text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    await q.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mrn text NOT NULL UNIQUE CHECK (length(trim(mrn)) > 0),
        given_name text NOT NULL,
        family_name text NOT NULL,
        birth_date date NOT NULL,
        email text,
        phone text,
        language text NOT NULL CHECK (language IN ('en', 'es')),
        preferred_channel text NOT NULL DEFAULT 'email' CHECK (preferred_channel IN ('email', 'sms')),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn', 'deceased', 'opted_out')),
        surgeon_id uuid NOT NULL REFERENCES users (id),
        -- Research pseudonym: random, stable across exports, never derived from the MRN.
        subject_code text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX patients_surgeon_idx ON patients (surgeon_id)`);

    await q.query(`
      CREATE TABLE surgeries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients (id),
        surgeon_id uuid NOT NULL REFERENCES users (id),
        procedure text NOT NULL CHECK (procedure IN ('laminectomy', 'endoscopic_decompression', 'other')),
        surgery_date date NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX surgeries_patient_idx ON surgeries (patient_id)`);
    await q.query(`CREATE INDEX surgeries_surgeon_idx ON surgeries (surgeon_id)`);

    await q.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        surgery_id uuid NOT NULL REFERENCES surgeries (id),
        timepoint text NOT NULL CHECK (timepoint IN ('baseline', '2w', '6w', '3m', '6m')),
        due_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN
          ('pending', 'claimed', 'sent', 'reminded', 'completed', 'missed', 'cancelled', 'failed', 'unknown')),
        claimed_by text,
        lease_until timestamptz,
        -- Only the sha256 of the survey token is kept; the token itself lives in the patient's message.
        token_hash bytea UNIQUE,
        draft_answers jsonb NOT NULL DEFAULT '{}'::jsonb,
        sent_at timestamptz,
        reminded_at timestamptz,
        opened_at timestamptz,
        completed_at timestamptz,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT invitations_surgery_timepoint_key UNIQUE (surgery_id, timepoint),
        CONSTRAINT invitations_window_check CHECK (closes_at > due_at),
        CONSTRAINT invitations_claim_check CHECK (status <> 'claimed' OR (claimed_by IS NOT NULL AND lease_until IS NOT NULL))
      )`);
    // The scheduler's claim scans pending rows by due time; keep that index small.
    await q.query(`CREATE INDEX invitations_due_idx ON invitations (due_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX invitations_lease_idx ON invitations (lease_until) WHERE status = 'claimed'`);

    await q.query(`
      CREATE TABLE responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- One final response per invitation.
        invitation_id uuid NOT NULL UNIQUE REFERENCES invitations (id),
        mode text NOT NULL CHECK (mode IN ('web', 'paper', 'phone', 'clinic')),
        collected_at timestamptz NOT NULL,
        entered_by uuid REFERENCES users (id),
        leg_pain smallint CHECK (leg_pain BETWEEN 0 AND 10),
        back_pain smallint CHECK (back_pain BETWEEN 0 AND 10),
        walking_distance smallint CHECK (walking_distance BETWEEN 0 AND 4),
        satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
        -- Outcome flags as computed by libs/outcomes, stamped with the definition version that produced them.
        success boolean,
        satisfied boolean,
        definition_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT responses_web_entry_check CHECK (mode <> 'web' OR entered_by IS NULL)
      )`);

    await q.query(`
      CREATE TABLE outbound_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invitation_id uuid NOT NULL REFERENCES invitations (id),
        kind text NOT NULL CHECK (kind IN ('invitation', 'reminder')),
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        recipient text NOT NULL,
        subject text,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'stored')),
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbound_messages_invitation_idx ON outbound_messages (invitation_id)`);
    // At most one first invitation message per invitation: a second send is a bug the schema refuses.
    await q.query(
      `CREATE UNIQUE INDEX outbound_messages_one_invitation_key ON outbound_messages (invitation_id) WHERE kind = 'invitation'`,
    );

    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_role text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at)`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
    await q.query(`DROP TABLE outbound_messages`);
    await q.query(`DROP TABLE responses`);
    await q.query(`DROP TABLE invitations`);
    await q.query(`DROP TABLE surgeries`);
    await q.query(`DROP TABLE patients`);
    await q.query(`DROP TABLE users`);
  }
}
