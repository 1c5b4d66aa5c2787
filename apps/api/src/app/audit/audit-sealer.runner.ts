import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from './audit.service';

/** "A few seconds at most" between a row's commit and its place in the chain. */
export const SEAL_INTERVAL_MS = 2000;

/**
 * Seals the audit log every couple of seconds, on every replica: each tick only calls
 * AuditService.seal(), which returns at once when nothing is pending or another replica is sealing.
 * The next tick is scheduled when this one ends. A failing tick (the database away) logs once per
 * episode, not every two seconds, and the rows simply wait for the next tick that works.
 */
@Injectable()
export class AuditSealerRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  /** Lifecycle, not work state. */
  private stopped = false;
  private failing = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly audit: AuditService) {}

  onApplicationBootstrap(): void {
    this.scheduleNext();
  }

  /** No further tick; the one in flight finishes before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = null;
        this.scheduleNext();
      });
    }, SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.audit.seal();
      if (this.failing) this.logger.log('audit sealing works again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`audit sealing failed, retrying every ${SEAL_INTERVAL_MS / 1000} s: ${(error as Error).message.split('\n')[0]}`);
      this.failing = true;
    }
  }
}
