import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Holding under attack (issue #9).
 *
 * 1. Survey-link rate limits counted in PostgreSQL, so every replica sees the same counts: one
 *    row per (window, key), bumped by one upsert per request. UNLOGGED: the counters are worth
 *    less than the WAL they would cost, and a crash that empties them only forgives a minute.
 *    The primary key leads with the window, so dropping old windows is an index range scan.
 *
 * 2. A hash chain over the audit log. The append-only trigger stops honest code; the chain makes
 *    dishonest edits visible: each row stores sha256(previous row's hash || its own content), so
 *    changing, removing or inserting a row breaks every link after it (`npm run cli -- verify-audit`).
 *    The one-row `audit_chain_head` serialises writers: the trigger's UPDATE of that row waits for
 *    the previous writer to commit and then reads its hash (READ COMMITTED re-reads an updated
 *    row), so two concurrent inserts can never link to the same predecessor. The trigger runs as
 *    the table owner (SECURITY DEFINER): the app's own role cannot write the head at all.
 */
export class RateLimitsAndAuditChain1764500000000 implements MigrationInterface {
  name = 'RateLimitsAndAuditChain1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_counters (
        window_start timestamptz NOT NULL,
        key bytea NOT NULL CHECK (length(key) = 16),
        hits integer NOT NULL,
        PRIMARY KEY (window_start, key)
      )`);

    await q.query(`ALTER TABLE audit_events ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        seq bigint NOT NULL,
        hash bytea NOT NULL CHECK (length(hash) = 32)
      )`);
    // The one definition of a row's link, used by the trigger and by verification alike. The time
    // goes in as microseconds since 1970 and the detail as jsonb text (keys sorted by jsonb), so
    // the digest does not depend on the session's time zone or on key order.
    await q.query(`
      CREATE FUNCTION audit_event_digest(prev bytea, seq bigint, id bigint, at timestamptz, actor_id uuid,
                                         actor_role text, action text, entity_type text, entity_id text, detail jsonb)
      RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT sha256(prev || convert_to(
          jsonb_build_array(seq, id, (extract(epoch FROM at) * 1000000)::bigint, actor_id, actor_role, action,
                            entity_type, entity_id, detail)::text, 'UTF8'))
      $$`);

    // Rows written before the chain existed are chained in id order, the order they were written in.
    await q.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change`);
    await q.query(`
      DO $$
      DECLARE
        r record;
        n bigint := 0;
        prev bytea := decode(repeat('00', 32), 'hex');
      BEGIN
        FOR r IN SELECT * FROM audit_events ORDER BY id LOOP
          n := n + 1;
          UPDATE audit_events
             SET chain_seq = n, prev_hash = prev,
                 hash = audit_event_digest(prev, n, r.id, r.at, r.actor_id, r.actor_role, r.action, r.entity_type, r.entity_id, r.detail)
           WHERE id = r.id
          RETURNING hash INTO prev;
        END LOOP;
        INSERT INTO audit_chain_head (seq, hash) VALUES (n, prev);
      END $$`);
    await q.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change`);
    await q.query(`
      ALTER TABLE audit_events
        ALTER COLUMN chain_seq SET NOT NULL,
        ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX audit_events_chain_seq_idx ON audit_events (chain_seq)`);
    // GET /admin/audit filters by action or actor, newest first.
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, chain_seq)`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, chain_seq)`);

    await q.query(`
      CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
      BEGIN
        -- Takes the head's row lock until this transaction ends: the next writer waits here.
        UPDATE audit_chain_head SET seq = seq + 1 RETURNING * INTO head;
        NEW.chain_seq := head.seq;
        NEW.prev_hash := head.hash;
        NEW.hash := audit_event_digest(head.hash, head.seq, NEW.id, NEW.at, NEW.actor_id, NEW.actor_role,
                                       NEW.action, NEW.entity_type, NEW.entity_id, NEW.detail);
        UPDATE audit_chain_head SET hash = NEW.hash;
        RETURN NEW;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION audit_events_chain() FROM PUBLIC`);
    await q.query(`
      CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_chain()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_events_chain ON audit_events`);
    await q.query(`DROP FUNCTION audit_events_chain()`);
    await q.query(`DROP INDEX audit_events_actor_idx`);
    await q.query(`DROP INDEX audit_events_action_idx`);
    await q.query(`DROP INDEX audit_events_chain_seq_idx`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN chain_seq`);
    await q.query(`DROP FUNCTION audit_event_digest(bytea, bigint, bigint, timestamptz, uuid, text, text, text, text, jsonb)`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP TABLE rate_limit_counters`);
  }
}
