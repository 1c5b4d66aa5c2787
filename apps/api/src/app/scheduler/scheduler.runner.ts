import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SchedulerService } from './scheduler.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

/**
 * Ticks on every replica. The tick only asks the service to claim work from the database:
 * no logic and no state here, so any number of replicas can tick at once.
 */
@Injectable()
export class SchedulerRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scheduler');

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled) return;
    const interval = setInterval(() => void this.tick(), this.config.schedulerIntervalSeconds * 1000);
    this.registry.addInterval('dispatch', interval);
  }

  private async tick(): Promise<void> {
    try {
      const result = await this.scheduler.runOnce();
      if (result.claimed + result.missed > 0) this.logger.log(`dispatch: ${JSON.stringify(result)}`);
    } catch (error) {
      this.logger.error(`dispatch failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
