import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DispatcherService } from './dispatcher.service';
import { AlertDigestService } from '../alerts/alert-digest.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

const TIMER = 'dispatch';

/**
 * Ticks on every replica. A tick only asks the service to claim work from the database: no
 * logic and no work state here, so any number of replicas can tick at once. The next tick is
 * scheduled when this one ends, so one process never runs two dispatch cycles over each other
 * (which would multiply its sends in flight, and with them what a crash leaves `unknown`).
 */
@Injectable()
export class SchedulerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  /** Lifecycle, not work state: once the app shuts down, no further tick is scheduled. */
  private stopped = false;
  /** The tick running now, which a graceful shutdown waits for. */
  private running: Promise<void> | null = null;

  constructor(
    private readonly dispatcher: DispatcherService,
    private readonly digests: AlertDigestService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.schedulerEnabled) this.scheduleNext();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.registry.doesExist('timeout', TIMER)) this.registry.deleteTimeout(TIMER);
  }

  /**
   * Graceful shutdown: no further tick; the dispatcher releases what it has not handed over, and
   * the tick in flight finishes its sends (and records them) before this resolves.
   */
  async drain(): Promise<void> {
    this.onApplicationShutdown();
    await this.dispatcher.stop();
    await this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.registry.doesExist('timeout', TIMER)) this.registry.deleteTimeout(TIMER);
    const timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = null));
    }, this.config.schedulerIntervalSeconds * 1000);
    this.registry.addTimeout(TIMER, timer);
  }

  private async tick(): Promise<void> {
    try {
      const result = await this.dispatcher.runOnce();
      if (result.claimed + result.missed > 0) this.logger.log(`dispatch: ${JSON.stringify(result)}`);
    } catch (error) {
      this.logger.error(`dispatch failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      const digest = await this.digests.runOnce();
      if (digest.sent + digest.failed > 0) this.logger.log(`alert digest: ${JSON.stringify(digest)}`);
    } catch (error) {
      this.logger.error(`alert digest failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.scheduleNext();
    }
  }
}
