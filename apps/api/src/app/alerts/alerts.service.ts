import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AlertList, AlertListQuery, AlertView } from '@stride/contracts';
import { AlertsRepository } from './alerts.repository';
import { toAlertView } from './alerts.mapper';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { Caller } from '../auth/caller';
import { assertCanSeePatient, surgeonScope } from '../auth/access';
import { ConflictError, NotFoundError } from '../common/domain-errors';

/**
 * Alerts for the people who act on them: a surgeon sees their own patients' alerts, an admin the
 * clinic's. Alerts are raised where responses are stored (ResponsesService); here they are read
 * and acknowledged.
 */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alerts: AlertsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(caller: Caller, query: AlertListQuery): Promise<AlertList> {
    const rows = await this.alerts.list({ surgeonId: surgeonScope(caller), open: query.open, patientId: query.patientId });
    await this.audit.record(caller, {
      action: 'alert.list',
      entityType: 'alert',
      detail: { open: query.open ?? null, patientId: query.patientId ?? null, count: rows.length, patientIds: [...new Set(rows.map((r) => r.patient_id))] },
    });
    return { items: rows.map(toAlertView) };
  }

  /**
   * Marks an alert seen, recording who. A second acknowledgement is refused with 409 CONFLICT
   * (not repeated silently), so a person acting on a stale page learns someone else already did,
   * and the audit log holds exactly one acknowledgement per alert.
   */
  async acknowledge(caller: Caller, id: string): Promise<AlertView> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const alert = await this.alerts.find(manager, id, true);
      if (!alert) throw new NotFoundError('Alert not found');
      try {
        assertCanSeePatient(caller, { surgeonId: alert.surgeon_id });
      } catch {
        throw new NotFoundError('Alert not found');
      }
      if (alert.acknowledged_at || !(await this.alerts.acknowledge(manager, id, caller.id, now))) {
        const by = alert.acknowledged_by_name ? ` by ${alert.acknowledged_by_name}` : '';
        throw new ConflictError(`This alert was already acknowledged${by}`);
      }
      await this.audit.record(
        caller,
        { action: 'alert.acknowledge', entityType: 'alert', entityId: id, detail: { patientId: alert.patient_id, kind: alert.kind } },
        manager,
      );
    });
    const row = await this.alerts.find(this.dataSource.manager, id);
    return toAlertView(row as NonNullable<typeof row>);
  }
}
