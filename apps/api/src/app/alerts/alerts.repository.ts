import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AlertFinding } from '@stride/outcomes';
import type { AlertRow } from './alerts.mapper';

type Sql = Pick<EntityManager, 'query'>;

/** The columns every alert read returns: the alert, whose patient it is, and who acknowledged it. */
const ALERT_COLUMNS = `
  a.id, a.kind, a.detail, a.created_at, a.acknowledged_at,
  i.timepoint, p.id AS patient_id, p.given_name, p.family_name, p.surgeon_id,
  ack.id AS acknowledged_by_id, ack.name AS acknowledged_by_name`;
const ALERT_JOINS = `
  FROM alerts a
  JOIN responses r ON r.id = a.response_id
  JOIN invitations i ON i.id = r.invitation_id
  JOIN surgeries s ON s.id = i.surgery_id
  JOIN patients p ON p.id = s.patient_id
  LEFT JOIN users ack ON ack.id = a.acknowledged_by`;

export interface AlertFilter {
  /** Restrict to this surgeon's patients (a surgeon caller); undefined for the whole clinic. */
  surgeonId?: string;
  open?: boolean;
  patientId?: string;
}

/** The one writer of `alerts` and `alert_digests`. */
@Injectable()
export class AlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores what the rule found for one response, in the caller's transaction. An alert already
   * raised for the same (response, kind) stays as it was (with its acknowledgement): a rescore
   * recomputes, it never raises twice.
   */
  async raise(manager: Sql, responseId: string, findings: AlertFinding[], now: Date): Promise<number> {
    if (findings.length === 0) return 0;
    // An INSERT answers with its rows (an UPDATE, in TypeORM, with [rows, count]).
    const rows: unknown[] = await manager.query(
      `INSERT INTO alerts (response_id, kind, detail, created_at)
       SELECT $1, f.kind, f.detail, $2 FROM unnest($3::text[], $4::text[]) AS f (kind, detail)
       ON CONFLICT (response_id, kind) DO NOTHING
       RETURNING id`,
      [responseId, now, findings.map((f) => f.kind), findings.map((f) => f.detail)],
    );
    return rows.length;
  }

  /** Open alerts first (newest first), then acknowledged ones, newest first. At most 500. */
  list(filter: AlertFilter): Promise<AlertRow[]> {
    return this.dataSource.query(
      `SELECT ${ALERT_COLUMNS} ${ALERT_JOINS}
        WHERE ($1::uuid IS NULL OR p.surgeon_id = $1)
          AND ($2::boolean IS NOT TRUE OR a.acknowledged_at IS NULL)
          AND ($3::uuid IS NULL OR p.id = $3)
        ORDER BY (a.acknowledged_at IS NULL) DESC, a.created_at DESC, a.id
        LIMIT 500`,
      [filter.surgeonId ?? null, filter.open ?? null, filter.patientId ?? null],
    );
  }

  async find(manager: Sql, id: string, lock = false): Promise<AlertRow | null> {
    const [row]: AlertRow[] = await manager.query(`SELECT ${ALERT_COLUMNS} ${ALERT_JOINS} WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`, [id]);
    return row ?? null;
  }

  /** Compare-and-set: true only for the call that acknowledged it. */
  async acknowledge(manager: Sql, id: string, userId: string, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await manager.query(
      `UPDATE alerts SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 AND acknowledged_at IS NULL RETURNING id`,
      [id, now, userId],
    );
    return rows.length > 0;
  }

  /** Active surgeons with open alerts on their patients, with those alerts (the digest's input). */
  async openBySurgeon(): Promise<{ surgeonId: string; email: string; name: string; alerts: AlertRow[] }[]> {
    const rows: (AlertRow & { surgeon_email: string; surgeon_name: string })[] = await this.dataSource.query(
      `SELECT ${ALERT_COLUMNS}, u.email AS surgeon_email, u.name AS surgeon_name ${ALERT_JOINS}
         JOIN users u ON u.id = p.surgeon_id AND u.active
        WHERE a.acknowledged_at IS NULL
        ORDER BY p.surgeon_id, a.created_at DESC, a.id`,
    );
    const bySurgeon = new Map<string, { surgeonId: string; email: string; name: string; alerts: AlertRow[] }>();
    for (const row of rows) {
      const entry = bySurgeon.get(row.surgeon_id) ?? { surgeonId: row.surgeon_id, email: row.surgeon_email, name: row.surgeon_name, alerts: [] };
      entry.alerts.push(row);
      bySurgeon.set(row.surgeon_id, entry);
    }
    return [...bySurgeon.values()];
  }

  /**
   * The digest's claim, shared by every replica: the primary key (surgeon, clinic day) lets one
   * INSERT win. A digest whose send failed may be claimed again (up to 3 attempts); one claimed
   * and never finished (a process died mid-send) is not, since it may have left.
   */
  async claimDigest(surgeonId: string, clinicDay: string, owner: string, alertCount: number, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO alert_digests (surgeon_id, clinic_day, status, claimed_by, claimed_at, alert_count)
       VALUES ($1, $2, 'claimed', $3, $4, $5)
       ON CONFLICT (surgeon_id, clinic_day) DO UPDATE
          SET status = 'claimed', claimed_by = EXCLUDED.claimed_by, claimed_at = EXCLUDED.claimed_at,
              alert_count = EXCLUDED.alert_count, attempts = alert_digests.attempts + 1, error = NULL
        WHERE alert_digests.status = 'failed' AND alert_digests.attempts < 3
       RETURNING surgeon_id`,
      [surgeonId, clinicDay, owner, now, alertCount],
    );
    return rows.length > 0;
  }

  async finishDigest(surgeonId: string, clinicDay: string, owner: string, outcome: { sentAt: Date } | { error: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE alert_digests SET status = $4, sent_at = $5, error = $6
        WHERE surgeon_id = $1 AND clinic_day = $2 AND claimed_by = $3 AND status = 'claimed'`,
      [surgeonId, clinicDay, owner, 'sentAt' in outcome ? 'sent' : 'failed', 'sentAt' in outcome ? outcome.sentAt : null, 'error' in outcome ? outcome.error : null],
    );
  }
}
