import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvitationsRepository } from './invitations.repository';
import { type FollowUpTimepoint, type PlannedInvitation, planFollowUp } from './invitation-plan';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Caller } from '../auth/caller';
import { ForbiddenError, ValidationFailedError } from '../common/domain-errors';

export interface AddTimepointReport {
  timepoint: FollowUpTimepoint;
  dryRun: boolean;
  /** Scheduled surgeries of patients still followed up that had no invitation at this time point. */
  considered: number;
  /** Invitations written (or, in a dry run, that would be). */
  added: number;
  /** Surgeries whose window at this time point has already closed: nothing is added for them. */
  windowClosed: number;
}

/**
 * Turning a follow-up on for surgeries enrolled before it was configured (issue #8: a clinic that
 * adds 12m). New surgeries get every configured follow-up at enrollment; this gives existing ones
 * the new time point too, but only where its window is still open: a survey whose window has
 * closed was never asked, so writing it as `missed` would count a non-responder who was never
 * invited. Cancelled surgeries and patients no longer followed up (withdrawn, opted out,
 * deceased) get nothing. One transaction, audited with its counts; a second run adds nothing,
 * since unique (surgery, timepoint) already holds.
 */
@Injectable()
export class FollowUpExtensionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async addTimepoint(caller: Caller, timepoint: string, options: { dryRun: boolean }): Promise<AddTimepointReport> {
    if (caller.role !== 'admin') throw new ForbiddenError('Only an admin may add a follow-up to existing surgeries');
    const followUp = this.configured(timepoint);
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const lacking = await this.invitations.surgeriesLacking(manager, followUp);
      const plans: { surgeryId: string; plan: PlannedInvitation }[] = lacking.map(({ surgeryId, surgeryDate }) => ({
        surgeryId,
        plan: planFollowUp(followUp, surgeryDate, now, this.config.clinicTimezone),
      }));
      const open = plans.filter((p) => p.plan.status === 'pending');
      const added = options.dryRun ? open.length : await this.invitations.planMore(manager, open, now);
      const report: AddTimepointReport = {
        timepoint: followUp,
        dryRun: options.dryRun,
        considered: lacking.length,
        added,
        windowClosed: plans.length - open.length,
      };
      await this.audit.record(caller, { action: 'invitations.add-timepoint', entityType: 'invitation', detail: { ...report } }, manager);
      return report;
    });
  }

  private configured(timepoint: string): FollowUpTimepoint {
    const { followUpTimepoints } = this.config;
    if (!(followUpTimepoints as string[]).includes(timepoint)) {
      throw new ValidationFailedError([
        {
          field: 'timepoint',
          message: `${timepoint} is not among the configured follow-ups (FOLLOW_UP_TIMEPOINTS: ${followUpTimepoints.join(', ')}); configure it first`,
        },
      ]);
    }
    return timepoint as FollowUpTimepoint;
  }
}
