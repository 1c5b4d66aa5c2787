import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts (Contract v1.1, "Coordinator and follow-up"): a stored response worse than it should be
 * after surgery. One row per (response, kind), so recomputing (a late baseline rescoring the
 * follow-ups) can never raise the same alert twice. An acknowledged alert never changes again.
 *
 * alert_digests: the daily email to each surgeon with open alerts. The primary key (surgeon, clinic
 * day) is the claim: the replica whose INSERT wins sends it, every other one skips it.
 */
export class Alerts1764800000000 implements MigrationInterface {
  name = 'Alerts1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        response_id uuid NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('leg_pain_worse', 'walking_worse', 'dissatisfied')),
        detail text NOT NULL CHECK (length(detail) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by uuid REFERENCES users (id),
        CONSTRAINT alerts_one_per_kind_key UNIQUE (response_id, kind),
        CONSTRAINT alerts_acknowledged_check CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      )`);
    await q.query(`CREATE INDEX alerts_open_idx ON alerts (created_at DESC) WHERE acknowledged_at IS NULL`);

    // What an alert says is fixed when it is raised, and an acknowledgement is final.
    await q.query(`
      CREATE FUNCTION alerts_acknowledge_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.acknowledged_at IS NOT NULL THEN
          RAISE EXCEPTION 'alert % is already acknowledged', OLD.id;
        END IF;
        IF NEW.response_id <> OLD.response_id OR NEW.kind <> OLD.kind OR NEW.detail <> OLD.detail OR NEW.created_at <> OLD.created_at THEN
          RAISE EXCEPTION 'an alert''s response, kind, detail and time are fixed';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER alerts_acknowledge_once BEFORE UPDATE ON alerts FOR EACH ROW EXECUTE FUNCTION alerts_acknowledge_once()`);

    await q.query(`
      CREATE TABLE alert_digests (
        surgeon_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        clinic_day date NOT NULL,
        status text NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
        claimed_by text NOT NULL,
        claimed_at timestamptz NOT NULL,
        attempts smallint NOT NULL DEFAULT 1 CHECK (attempts >= 1),
        alert_count integer NOT NULL CHECK (alert_count >= 0),
        sent_at timestamptz,
        error text,
        PRIMARY KEY (surgeon_id, clinic_day),
        CONSTRAINT alert_digests_sent_check CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_digests`);
    await q.query(`DROP TRIGGER alerts_acknowledge_once ON alerts`);
    await q.query(`DROP FUNCTION alerts_acknowledge_once()`);
    await q.query(`DROP TABLE alerts`);
  }
}
