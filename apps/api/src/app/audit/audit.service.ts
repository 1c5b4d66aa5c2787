import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditEventView, Page } from '@stride/contracts';
import { Clock } from '../common/clock';
import type { Caller } from '../auth/caller';
import { AuditEventRow, toAuditEventView } from './audit.mapper';
import { AUDIT_SEAL_BATCH } from '../../migrations/1765200000000-AuditSealHardening';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  detail?: Record<string, unknown>;
}

export const AUDIT_PAGE_SIZE = 50;

const AUDIT_INSERT = `INSERT INTO audit_events (at, actor_id, actor_role, action, entity_type, entity_id, detail)`;

/** An audit row to be written inside another statement (AuditService.insertAfter). */
export type AuditedBy = (source: string, offset: number) => { sql: string; params: unknown[] };

/** SQLSTATE 55P03: lock_timeout ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/** How long a reader of the log queues behind another sealer before reading what is sealed. */
const SEAL_WAIT_SECONDS = 5;

/**
 * Every read or export of patient data leaves a row here, and so does every request refused to a
 * signed-in user. The table refuses UPDATE and DELETE (a trigger), the app's database role may only
 * INSERT and SELECT on it, and shortly after commit each row is sealed into a chain, linked to the
 * one before by its hash (migrations 1764500000000 and 1765000000000; `npm run cli -- verify-audit`
 * checks the chain).
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Pass the transaction's manager: the row then commits or rolls back with the change it records.
   * It takes no lock that other writers wait for; it is chained later, by seal().
   */
  async record(actor: Caller | null, entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const values = this.values(actor, entry);
    await manager.query(`${AUDIT_INSERT} VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
  }

  /**
   * The same row, written by the statement that makes the change it records: an INSERT ... SELECT
   * over `source` (a CTE that returns a row only when the change happened), with parameters numbered
   * from `$offset`. One round trip fewer on the survey's submission, and the row exists exactly when
   * the change does.
   */
  insertAfter(actor: Caller | null, entry: AuditEntry): AuditedBy {
    const values = this.values(actor, entry);
    return (source, offset) => ({
      sql: `${AUDIT_INSERT} SELECT ${values.map((_, i) => `$${offset + i}`).join(', ')} FROM ${source}`,
      params: values,
    });
  }

  private values(actor: Caller | null, entry: AuditEntry): unknown[] {
    return [
      this.clock.now(),
      actor?.id ?? null,
      actor?.role ?? null,
      entry.action,
      entry.entityType,
      entry.entityId ?? null,
      JSON.stringify(entry.detail ?? {}),
    ];
  }

  /**
   * Chains every committed row not chained yet (audit_seal(), migration 1765000000000) and returns
   * how many. Without `wait` it returns 0 at once when another sealer (another replica) is at work;
   * with it, it queues for up to `wait` seconds and returns null if the head stayed taken.
   */
  async seal(options: { waitSeconds?: number } = {}): Promise<number | null> {
    // One call chains at most AUDIT_SEAL_BATCH rows, each batch its own short statement: a backlog
    // is sealed batch by batch, never in one statement the statement timeout would cancel.
    let total = 0;
    for (;;) {
      const sealed = await this.sealBatch(options.waitSeconds);
      if (sealed === null) return total > 0 ? total : null;
      total += sealed;
      if (sealed < AUDIT_SEAL_BATCH) return total;
    }
  }

  private async sealBatch(waitSeconds: number | undefined): Promise<number | null> {
    if (!waitSeconds) {
      const [{ sealed }] = (await this.dataSource.query(`SELECT audit_seal(false) AS sealed`)) as { sealed: number }[];
      return sealed;
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [`${waitSeconds}s`]);
        const [{ sealed }] = (await manager.query(`SELECT audit_seal(true) AS sealed`)) as { sealed: number }[];
        return sealed;
      });
    } catch (error) {
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return null;
      throw error;
    }
  }

  /**
   * The log, newest first, sealed just before (rows committed since show with seq null). Reading
   * it is itself recorded.
   */
  async list(caller: Caller, query: { page?: number; action?: string; actor?: string }): Promise<Page<AuditEventView>> {
    await this.seal({ waitSeconds: SEAL_WAIT_SECONDS });
    const page = query.page ?? 1;
    const filters = { action: query.action ?? null, actor: query.actor ?? null };
    const where = `($1::text IS NULL OR a.action = $1) AND ($2::uuid IS NULL OR a.actor_id = $2)`;
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.chain_seq, a.at, a.actor_id, u.name AS actor_name, a.actor_role, a.action, a.entity_type, a.entity_id, a.detail
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
        WHERE ${where}
        ORDER BY a.chain_seq DESC NULLS FIRST, a.id DESC
        LIMIT $3 OFFSET $4`,
      [filters.action, filters.actor, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE],
    )) as AuditEventRow[];
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_events a WHERE ${where}`, [
      filters.action,
      filters.actor,
    ])) as { total: number }[];
    await this.record(caller, { action: 'audit.read', entityType: 'audit_event', detail: { ...filters, page } });
    return { items: rows.map(toAuditEventView), page, pageSize: AUDIT_PAGE_SIZE, total };
  }
}
