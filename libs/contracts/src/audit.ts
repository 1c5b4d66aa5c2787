import type { Role } from './index';

/** One row of the audit log as `GET /admin/audit?page=&action=&actor=` shows it (admin), newest first. */
export interface AuditEventView {
  id: string;
  /**
   * The row's place in the hash chain: the order the log was sealed in. Null for a row committed
   * but not sealed yet (sealing follows within seconds).
   */
  seq: number | null;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: Role | null;
  action: string;
  entityType: string;
  entityId: string | null;
  detail: Record<string, unknown>;
}
