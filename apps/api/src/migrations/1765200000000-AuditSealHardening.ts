import { MigrationInterface, QueryRunner } from 'typeorm';

/** How many rows one audit_seal() call chains at most; AuditService.seal calls again while a call seals this many. */
export const AUDIT_SEAL_BATCH = 5000;

/**
 * audit_seal(), hardened (a review of migration 1765000000000):
 *
 * 1. Its `search_path` now ends with `pg_temp`. Left out, PostgreSQL searches the session's
 *    temporary schema FIRST for tables and types, so a caller able to create temporary tables could
 *    have the owner's function chain a look-alike `audit_events` and move the real head past rows
 *    that do not exist, or read a look-alike `audit_chain_head` and give real rows seqs the real
 *    head never records (every later seal then fails on the unique seq). Every name is also written
 *    with its schema. The app role loses the right to create temporary tables altogether
 *    (grantAppPrivileges revokes TEMPORARY from PUBLIC on the database).
 * 2. One call chains at most AUDIT_SEAL_BATCH rows, oldest first. A backlog (sealing stopped for a
 *    while, a restore) is then sealed in several short statements, each well inside the app's
 *    statement timeout, instead of one that the timeout cancels over and over, sealing nothing.
 */
export class AuditSealHardening1765200000000 implements MigrationInterface {
  name = 'AuditSealHardening1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(sealFunction(`LIMIT ${AUDIT_SEAL_BATCH}`, 'pg_catalog, public, pg_temp'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(sealFunction('', 'pg_catalog, public'));
  }
}

/** CREATE OR REPLACE keeps the function's owner and its grants (EXECUTE for the app role only). */
function sealFunction(limit: string, searchPath: string): string {
  return `
    CREATE OR REPLACE FUNCTION public.audit_seal(wait boolean DEFAULT false) RETURNS integer LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = ${searchPath} AS $$
    DECLARE
      head public.audit_chain_head%ROWTYPE;
      r public.audit_events%ROWTYPE;
      sealed integer := 0;
    BEGIN
      -- Nothing pending: no lock, no transaction id, no WAL.
      IF NOT EXISTS (SELECT 1 FROM public.audit_events WHERE chain_seq IS NULL) THEN
        RETURN 0;
      END IF;
      IF wait THEN
        SELECT * INTO head FROM public.audit_chain_head FOR UPDATE;
      ELSE
        SELECT * INTO head FROM public.audit_chain_head FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
          RETURN 0;
        END IF;
      END IF;
      -- A fresh snapshot (READ COMMITTED): rows a sealer that held the head before us chained are
      -- sealed here, and rows whose transaction has not committed yet wait for a later call.
      FOR r IN SELECT * FROM public.audit_events WHERE chain_seq IS NULL ORDER BY id ${limit} LOOP
        head.seq := head.seq + 1;
        UPDATE public.audit_events
           SET chain_seq = head.seq, prev_hash = head.hash,
               hash = public.audit_event_digest(head.hash, head.seq, r.id, r.at, r.actor_id, r.actor_role, r.action,
                                                r.entity_type, r.entity_id, r.detail)
         WHERE id = r.id AND chain_seq IS NULL
        RETURNING hash INTO head.hash;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'audit_seal: row % was sealed by someone not holding the chain head', r.id;
        END IF;
        sealed := sealed + 1;
      END LOOP;
      UPDATE public.audit_chain_head SET seq = head.seq, hash = head.hash;
      RETURN sealed;
    END $$`;
}
