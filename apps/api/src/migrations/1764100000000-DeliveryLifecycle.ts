import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Survey delivery that clinics can trust:
 * - the invitation lifecycle as a state machine the database enforces (a trigger on transitions);
 * - several live links per invitation (a reminder carries its own link; the first keeps working);
 * - retries with backoff, reminders, and an `attempted_at` stamp written just before a message is
 *   handed to SMTP, so a crashed claim that never attempted can be retried safely while one that
 *   did becomes `unknown`.
 */
export class DeliveryLifecycle1764100000000 implements MigrationInterface {
  name = 'DeliveryLifecycle1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE survey_tokens (
        token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
        invitation_id uuid NOT NULL REFERENCES invitations (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX survey_tokens_invitation_idx ON survey_tokens (invitation_id)`);
    await q.query(`INSERT INTO survey_tokens (token_hash, invitation_id) SELECT token_hash, id FROM invitations WHERE token_hash IS NOT NULL`);
    await q.query(`ALTER TABLE invitations DROP COLUMN token_hash`);

    await q.query(`
      ALTER TABLE invitations
        ADD COLUMN attempts smallint NOT NULL DEFAULT 0,
        ADD COLUMN next_attempt_at timestamptz,
        ADD COLUMN reminder_count smallint NOT NULL DEFAULT 0 CHECK (reminder_count BETWEEN 0 AND 2),
        ADD COLUMN next_reminder_at timestamptz`);
    await q.query(`DROP INDEX invitations_due_idx`);
    await q.query(`CREATE INDEX invitations_due_idx ON invitations (coalesce(next_attempt_at, due_at)) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX invitations_reminder_idx ON invitations (next_reminder_at) WHERE status IN ('sent', 'reminded')`);

    await q.query(`ALTER TABLE outbound_messages ADD COLUMN sequence smallint NOT NULL DEFAULT 0 CHECK (sequence BETWEEN 0 AND 2)`);
    await q.query(`ALTER TABLE outbound_messages ADD COLUMN attempted_at timestamptz`);
    // `unknown`: handed to SMTP by a process that died before it heard the answer.
    await q.query(`ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_status_check`);
    await q.query(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_status_check
                     CHECK (status IN ('queued', 'sent', 'failed', 'stored', 'unknown'))`);
    await q.query(`UPDATE outbound_messages SET sequence = 0`);
    await q.query(`DROP INDEX outbound_messages_one_invitation_key`);
    // One first message and at most one message per reminder, per invitation: a second send of
    // the same thing is refused by the schema.
    await q.query(`CREATE UNIQUE INDEX outbound_messages_sequence_key ON outbound_messages (invitation_id, sequence)`);
    await q.query(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_kind_sequence_check
                     CHECK ((kind = 'invitation') = (sequence = 0))`);

    await q.query(`
      CREATE FUNCTION invitations_guard_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = OLD.status THEN
          RETURN NEW;
        END IF;
        IF NOT (
          (OLD.status = 'pending'   AND NEW.status IN ('claimed', 'missed', 'cancelled', 'completed', 'failed')) OR
          (OLD.status = 'claimed'   AND NEW.status IN ('sent', 'pending', 'failed', 'unknown', 'cancelled', 'completed')) OR
          (OLD.status = 'sent'      AND NEW.status IN ('reminded', 'completed', 'missed', 'cancelled')) OR
          (OLD.status = 'reminded'  AND NEW.status IN ('completed', 'missed', 'cancelled')) OR
          (OLD.status = 'failed'    AND NEW.status IN ('pending', 'completed', 'missed', 'cancelled')) OR
          (OLD.status = 'unknown'   AND NEW.status IN ('pending', 'completed', 'missed', 'cancelled')) OR
          (OLD.status = 'missed'    AND NEW.status IN ('pending', 'completed', 'cancelled'))
        ) THEN
          RAISE EXCEPTION 'invitation % cannot go from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER invitations_transition BEFORE UPDATE OF status ON invitations
      FOR EACH ROW EXECUTE FUNCTION invitations_guard_transition()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER invitations_transition ON invitations`);
    await q.query(`DROP FUNCTION invitations_guard_transition()`);
    await q.query(`ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_kind_sequence_check`);
    await q.query(`DROP INDEX outbound_messages_sequence_key`);
    await q.query(`DELETE FROM outbound_messages WHERE sequence > 0`);
    await q.query(`CREATE UNIQUE INDEX outbound_messages_one_invitation_key ON outbound_messages (invitation_id) WHERE kind = 'invitation'`);
    await q.query(`ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_status_check`);
    await q.query(`UPDATE outbound_messages SET status = 'failed' WHERE status = 'unknown'`);
    await q.query(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_status_check
                     CHECK (status IN ('queued', 'sent', 'failed', 'stored'))`);
    await q.query(`ALTER TABLE outbound_messages DROP COLUMN attempted_at, DROP COLUMN sequence`);
    await q.query(`DROP INDEX invitations_reminder_idx`);
    await q.query(`DROP INDEX invitations_due_idx`);
    await q.query(`CREATE INDEX invitations_due_idx ON invitations (due_at) WHERE status = 'pending'`);
    await q.query(`ALTER TABLE invitations DROP COLUMN next_reminder_at, DROP COLUMN reminder_count, DROP COLUMN next_attempt_at, DROP COLUMN attempts`);
    await q.query(`ALTER TABLE invitations ADD COLUMN token_hash bytea UNIQUE`);
    await q.query(`UPDATE invitations i SET token_hash = t.token_hash
                     FROM (SELECT DISTINCT ON (invitation_id) invitation_id, token_hash FROM survey_tokens ORDER BY invitation_id, created_at DESC) t
                    WHERE t.invitation_id = i.id`);
    await q.query(`DROP TABLE survey_tokens`);
  }
}
