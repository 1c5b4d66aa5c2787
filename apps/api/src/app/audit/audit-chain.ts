import type { DataSource, EntityManager } from 'typeorm';

/** The chain's first link points at 32 zero bytes (migration 1764500000000). */
const GENESIS = Buffer.alloc(32);

/** `rows` are the sealed rows the chain covers; `unsealed` rows are written but not chained yet. */
export type AuditChainReport =
  | { intact: true; rows: number; unsealed: number; headSeq: number; headHash: string }
  | { intact: false; rows: number; unsealed: number; brokenAt: { seq: number; id: string | null }; reason: string };

/**
 * Walks the audit log's hash chain (migrations 1764500000000 and 1765000000000) in order and
 * reports the first broken link: a row whose content no longer matches its hash (edited), whose
 * previous hash is not the hash of the row before it (a row removed or slipped in), or a gap in the
 * sequence. The head row must name the last row, so cutting rows off the end shows too. Rows not
 * sealed yet are counted, not checked: the chain does not cover them until audit_seal() has run
 * (callers seal first). Someone who can rewrite the whole tail and the head (the owner role) can
 * hide an edit from this check alone: keep the printed head hash somewhere else (a ticket, a daily
 * email) and compare.
 */
export function verifyAuditChain(dataSource: DataSource): Promise<AuditChainReport> {
  // One snapshot for every query, so a sealer moving the head meanwhile is not mistaken for a cut.
  return dataSource.transaction('REPEATABLE READ', (manager) => check(manager));
}

async function check(db: EntityManager): Promise<AuditChainReport> {
  // One pass in the database: each row's digest recomputed by the same function the sealer uses,
  // beside its predecessor's hash and sequence number.
  const [first] = (await db.query(
    `SELECT id, chain_seq, reason FROM (
       SELECT id, chain_seq,
              CASE
                WHEN chain_seq <> coalesce(lag(chain_seq) OVER w, 0) + 1
                  THEN 'sequence gap: the row before it (seq ' || coalesce(lag(chain_seq) OVER w, 0) || ') is not seq ' || (chain_seq - 1)
                WHEN prev_hash <> coalesce(lag(hash) OVER w, $1)
                  THEN 'its previous-hash does not match the row before it (a row was removed, inserted or rewritten)'
                WHEN hash <> audit_event_digest(prev_hash, chain_seq, id, at, actor_id, actor_role, action, entity_type, entity_id, detail)
                  THEN 'its content does not match its hash (the row was edited)'
              END AS reason
         FROM audit_events
        WHERE chain_seq IS NOT NULL
       WINDOW w AS (ORDER BY chain_seq)
     ) checked
     WHERE reason IS NOT NULL
     ORDER BY chain_seq
     LIMIT 1`,
    [GENESIS],
  )) as { id: string; chain_seq: string; reason: string }[];
  const [counts] = (await db.query(
    `SELECT count(chain_seq)::bigint AS rows, (count(*) - count(chain_seq))::bigint AS unsealed, max(chain_seq) AS last_seq,
            (SELECT hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1) AS last_hash
       FROM audit_events`,
  )) as { rows: string; unsealed: string; last_seq: string | null; last_hash: Buffer | null }[];
  const rows = Number(counts.rows);
  const unsealed = Number(counts.unsealed);
  if (first) return { intact: false, rows, unsealed, brokenAt: { seq: Number(first.chain_seq), id: first.id }, reason: first.reason };

  const [head] = (await db.query(`SELECT seq, hash FROM audit_chain_head`)) as { seq: string; hash: Buffer }[];
  const lastSeq = Number(counts.last_seq ?? 0);
  const lastHash = counts.last_hash ?? GENESIS;
  if (!head || Number(head.seq) !== lastSeq || !head.hash.equals(lastHash)) {
    return {
      intact: false,
      rows,
      unsealed,
      brokenAt: { seq: lastSeq + 1, id: null },
      reason: head
        ? `the chain head says the log ends at seq ${head.seq}, but the last row is seq ${lastSeq} (rows were cut off the end, or the head was changed)`
        : 'the chain head row is missing',
    };
  }
  return { intact: true, rows, unsealed, headSeq: lastSeq, headHash: lastHash.toString('hex') };
}
