import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain is sealed after commit, no longer linked at insert (issue #10, submissions).
 *
 * Until now a BEFORE INSERT trigger linked each row to the one before it by updating the one-row
 * `audit_chain_head`, so every audited transaction held that row's lock from its audit INSERT until
 * its COMMIT reached disk: audited writes (every survey submission) committed one at a time and
 * could never share a WAL flush.
 *
 * Now a row is written unsealed (chain columns NULL), in the same transaction as the change it
 * records, so it commits or vanishes with that change. `audit_seal()` chains rows afterwards: under
 * the head's lock it takes every committed unsealed row in id order and gives each the next seq,
 * the previous row's hash and its digest (audit_event_digest, unchanged), then moves the head. It
 * is SECURITY DEFINER (it runs as this owner); the app role may call it, and it can do nothing but
 * seal. Every replica calls it every few seconds, and the admin view and verify-audit call it before
 * reading. Rows chained before this migration keep their links.
 *
 * The append-only trigger lets exactly one UPDATE through: filling the chain columns of an unsealed
 * row, content unchanged, with the digest of that content. A new row may not arrive with chain
 * columns of its own. The app role still has no UPDATE or DELETE on the table and no write on the
 * head; until a row is sealed (seconds) only those privileges protect it, not the chain.
 */
export class AuditSealing1765000000000 implements MigrationInterface {
  name = 'AuditSealing1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_events_chain ON audit_events`);
    await q.query(`DROP FUNCTION audit_events_chain()`);
    await q.query(`
      ALTER TABLE audit_events
        ALTER COLUMN chain_seq DROP NOT NULL,
        ALTER COLUMN prev_hash DROP NOT NULL,
        ALTER COLUMN hash DROP NOT NULL,
        ADD CONSTRAINT audit_events_sealed_whole CHECK ((chain_seq IS NULL) = (prev_hash IS NULL) AND (chain_seq IS NULL) = (hash IS NULL))`);
    // What the sealer looks for; empty (and so free to probe) when all is sealed.
    await q.query(`CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE chain_seq IS NULL`);

    await q.query(`
      CREATE FUNCTION audit_events_born_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.chain_seq IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.hash IS NOT NULL THEN
          RAISE EXCEPTION 'audit_events: a new row is written unsealed; only audit_seal() chains it';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_born_unsealed BEFORE INSERT ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_born_unsealed()`);

    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Sealing: the chain columns of an unsealed row filled once, its content untouched, its hash
        -- the digest of that content. Anything else is a change to the log.
        IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
           AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_role, NEW.action, NEW.entity_type, NEW.entity_id, NEW.detail)
               IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor_id, OLD.actor_role, OLD.action, OLD.entity_type, OLD.entity_id, OLD.detail)
           AND NEW.hash = audit_event_digest(NEW.prev_hash, NEW.chain_seq, NEW.id, NEW.at, NEW.actor_id, NEW.actor_role,
                                             NEW.action, NEW.entity_type, NEW.entity_id, NEW.detail)
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
      END $$`);

    // wait = false (the periodic sealers): if another sealer holds the head, return at once; it
    // seals what this call would have. wait = true (before reading or verifying): queue for the head.
    await q.query(`
      CREATE FUNCTION audit_seal(wait boolean DEFAULT false) RETURNS integer LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
        r audit_events%ROWTYPE;
        sealed integer := 0;
      BEGIN
        -- Nothing pending: no lock, no transaction id, no WAL.
        IF NOT EXISTS (SELECT 1 FROM audit_events WHERE chain_seq IS NULL) THEN
          RETURN 0;
        END IF;
        IF wait THEN
          SELECT * INTO head FROM audit_chain_head FOR UPDATE;
        ELSE
          SELECT * INTO head FROM audit_chain_head FOR UPDATE SKIP LOCKED;
          IF NOT FOUND THEN
            RETURN 0;
          END IF;
        END IF;
        -- A fresh snapshot (READ COMMITTED): rows a sealer that held the head before us chained are
        -- sealed here, and rows whose transaction has not committed yet wait for a later call.
        FOR r IN SELECT * FROM audit_events WHERE chain_seq IS NULL ORDER BY id LOOP
          head.seq := head.seq + 1;
          UPDATE audit_events
             SET chain_seq = head.seq, prev_hash = head.hash,
                 hash = audit_event_digest(head.hash, head.seq, r.id, r.at, r.actor_id, r.actor_role, r.action,
                                           r.entity_type, r.entity_id, r.detail)
           WHERE id = r.id AND chain_seq IS NULL
          RETURNING hash INTO head.hash;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'audit_seal: row % was sealed by someone not holding the chain head', r.id;
          END IF;
          sealed := sealed + 1;
        END LOOP;
        UPDATE audit_chain_head SET seq = head.seq, hash = head.hash;
        RETURN sealed;
      END $$`);
    // The app role gets EXECUTE from grantAppPrivileges (runtime.ts), nobody else.
    await q.query(`REVOKE ALL ON FUNCTION audit_seal(boolean) FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT audit_seal(true)`);
    await q.query(`DROP FUNCTION audit_seal(boolean)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
      END $$`);
    await q.query(`DROP TRIGGER audit_events_born_unsealed ON audit_events`);
    await q.query(`DROP FUNCTION audit_events_born_unsealed()`);
    await q.query(`DROP INDEX audit_events_unsealed_idx`);
    await q.query(`
      ALTER TABLE audit_events
        DROP CONSTRAINT audit_events_sealed_whole,
        ALTER COLUMN chain_seq SET NOT NULL,
        ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
      BEGIN
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
}
