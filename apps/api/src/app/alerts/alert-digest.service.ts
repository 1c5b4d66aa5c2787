import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { AlertsRepository } from './alerts.repository';
import { composeAlertDigest } from './alert-digest';
import { DeliveryService } from '../messaging/delivery.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

export interface DigestRunResult {
  /** Surgeons with open alerts today. */
  surgeons: number;
  sent: number;
  failed: number;
  /** Already sent today (or being sent) by this or another replica. */
  skipped: number;
}

/**
 * The daily alert digest: one email per surgeon with open alerts per clinic day, from
 * ALERT_DIGEST_HOUR clinic time, only when SMTP is configured. Every replica runs it on its
 * scheduler tick; the claim in alert_digests decides which one sends each surgeon's mail.
 */
@Injectable()
export class AlertDigestService {
  private readonly logger = new Logger('AlertDigest');

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly delivery: DeliveryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async runOnce(): Promise<DigestRunResult> {
    const result: DigestRunResult = { surgeons: 0, sent: 0, failed: 0, skipped: 0 };
    if (!this.config.smtpUrl) return result;
    const local = DateTime.fromJSDate(this.clock.now(), { zone: this.config.clinicTimezone });
    if (local.hour < this.config.alertDigestHour) return result;
    const clinicDay = local.toISODate() as string;
    const owner = `${this.config.instanceId}:${randomBytes(6).toString('hex')}`;
    const surgeons = await this.alerts.openBySurgeon();
    result.surgeons = surgeons.length;
    for (const surgeon of surgeons) {
      if (!(await this.alerts.claimDigest(surgeon.surgeonId, clinicDay, owner, surgeon.alerts.length, this.clock.now()))) {
        result.skipped += 1;
        continue;
      }
      const mail = composeAlertDigest(
        surgeon.name,
        surgeon.alerts.map((a) => ({ givenName: a.given_name, familyName: a.family_name, timepoint: a.timepoint, kind: a.kind })),
        `${this.config.publicBaseUrl}/alerts`,
      );
      const outcome = await this.delivery.deliver({
        messageId: `alert-digest-${surgeon.surgeonId}-${clinicDay}`,
        channel: 'email',
        recipient: surgeon.email,
        subject: mail.subject,
        body: mail.body,
      });
      if (outcome.status === 'failed') {
        this.logger.error(`alert digest for surgeon ${surgeon.surgeonId}: ${outcome.error}`);
        await this.alerts.finishDigest(surgeon.surgeonId, clinicDay, owner, { error: outcome.error.slice(0, 500) });
        result.failed += 1;
        continue;
      }
      await this.alerts.finishDigest(surgeon.surgeonId, clinicDay, owner, { sentAt: this.clock.now() });
      // The mail named patients (first name and initial): that is a disclosure, so it is logged.
      await this.audit.record(null, {
        action: 'alert.digest',
        entityType: 'user',
        entityId: surgeon.surgeonId,
        detail: { clinicDay, alertIds: surgeon.alerts.map((a) => a.id), patientIds: [...new Set(surgeon.alerts.map((a) => a.patient_id))] },
      });
      result.sent += 1;
    }
    return result;
  }
}
