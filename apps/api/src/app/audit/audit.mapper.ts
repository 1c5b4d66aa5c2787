import type { AuditEventView, Role } from '@stride/contracts';

export interface AuditEventRow {
  id: string;
  chain_seq: string | null;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: Role | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  detail: Record<string, unknown>;
}

export function toAuditEventView(row: AuditEventRow): AuditEventView {
  return {
    id: row.id,
    seq: row.chain_seq === null ? null : Number(row.chain_seq),
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    detail: row.detail,
  };
}
