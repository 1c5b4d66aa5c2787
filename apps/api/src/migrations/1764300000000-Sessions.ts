import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be ended (Contract v1.1, "Privacy at the edges"): a token names its session,
 * and the guard reads the session and its user on every request, so logout, deactivation and a
 * role change take effect at once. Failed logins are counted here too, so the throttle holds
 * across replicas and restarts.
 */
export class Sessions1764300000000 implements MigrationInterface {
  name = 'Sessions1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE users ADD COLUMN deactivated_at timestamptz`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_deactivated_at_check CHECK (active = (deactivated_at IS NULL))`);

    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    // Revoking every session of a user (deactivation, password reset) touches only live ones.
    await q.query(`CREATE INDEX sessions_user_live_idx ON sessions (user_id) WHERE revoked_at IS NULL`);

    // A row is written as a login attempt starts and removed if it succeeds, so concurrent guesses
    // count against each other. account_key is a hash of the normalised email, never the email.
    await q.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        account_key text NOT NULL,
        client_ip text NOT NULL
      )`);
    await q.query(`CREATE INDEX login_failures_account_idx ON login_failures (account_key, at DESC)`);
    await q.query(`CREATE INDEX login_failures_ip_idx ON login_failures (client_ip, at DESC)`);
    await q.query(`CREATE INDEX login_failures_at_idx ON login_failures (at)`);

    // The last word on "never lock the clinic out": no statement may take away the last active
    // admin. The advisory lock serialises such changes, so two admins demoting each other at the
    // same moment cannot both win; each check then reads the other's committed change.
    await q.query(`
      CREATE FUNCTION users_keep_an_admin() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.role = 'admin' AND OLD.active
           AND (TG_OP = 'DELETE' OR NEW.role <> 'admin' OR NOT NEW.active) THEN
          PERFORM pg_advisory_xact_lock(hashtext('stride:last-admin'));
          IF NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND active AND id <> OLD.id) THEN
            RAISE EXCEPTION 'the last active admin cannot be removed, demoted or deactivated';
          END IF;
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_keep_an_admin BEFORE UPDATE OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION users_keep_an_admin()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_keep_an_admin ON users`);
    await q.query(`DROP FUNCTION users_keep_an_admin()`);
    await q.query(`DROP TABLE login_failures`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_deactivated_at_check`);
    await q.query(`ALTER TABLE users DROP COLUMN deactivated_at`);
    await q.query(`ALTER TABLE users DROP COLUMN active`);
  }
}
