import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditEventView, Page } from '@stride/contracts';
import { Clock } from '../common/clock';
import type { Caller } from '../auth/caller';
import { AuditEventRow, toAuditEventView } from './audit.mapper';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  detail?: Record<string, unknown>;
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * Every read or export of patient data leaves a row here, and so does every request refused to a
 * signed-in user. The table refuses UPDATE and DELETE (a trigger), the app's database role may only
 * INSERT and SELECT on it, and each row is chained to the one before by its hash (migration
 * 1764500000000; `npm run cli -- verify-audit` checks the chain).
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Inside a transaction, call this last: the chain's head stays locked until the transaction
   * ends, so every other writer of the log waits for it.
   */
  async record(actor: Caller | null, entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (at, actor_id, actor_role, action, entity_type, entity_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        this.clock.now(),
        actor?.id ?? null,
        actor?.role ?? null,
        entry.action,
        entry.entityType,
        entry.entityId ?? null,
        JSON.stringify(entry.detail ?? {}),
      ],
    );
  }

  /** The log, newest first. Reading it is itself recorded. */
  async list(caller: Caller, query: { page?: number; action?: string; actor?: string }): Promise<Page<AuditEventView>> {
    const page = query.page ?? 1;
    const filters = { action: query.action ?? null, actor: query.actor ?? null };
    const where = `($1::text IS NULL OR a.action = $1) AND ($2::uuid IS NULL OR a.actor_id = $2)`;
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.chain_seq, a.at, a.actor_id, u.name AS actor_name, a.actor_role, a.action, a.entity_type, a.entity_id, a.detail
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
        WHERE ${where}
        ORDER BY a.chain_seq DESC
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
