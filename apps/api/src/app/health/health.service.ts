import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { HealthView } from '@stride/contracts';

/** A database that takes longer than this to answer SELECT 1 is not ready. */
const PING_TIMEOUT_MS = 3000;

/**
 * The probes, through @nestjs/terminus. Liveness: the process answers (no check, so a database
 * outage never gets a replica restarted). Readiness: the database answers and every migration this
 * build knows has been applied. `/health` (the contract's) is liveness plus the database.
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async contract(): Promise<HealthView> {
    const view = await this.run([() => this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS })]);
    return { ...view, database: view.details['database']?.status === 'up' ? 'up' : 'down' };
  }

  live(): Promise<HealthView> {
    return this.run([]);
  }

  ready(): Promise<HealthView> {
    return this.run([() => this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS }), () => this.migrations()]);
  }

  /** Every migration this build lists is in the migrations table (a replica ahead of the schema is not ready). */
  private async migrations(): Promise<HealthIndicatorResult<'migrations'>> {
    const check = this.indicators.check('migrations');
    try {
      const known = this.dataSource.migrations.map((m) => m.name ?? m.constructor.name);
      // Bounded like the ping: a frozen database must not hold the probe (the query itself ends
      // at the pool's read timeout).
      const rows = await within(PING_TIMEOUT_MS, this.dataSource.query<{ name: string }[]>('SELECT name FROM migrations'));
      const applied = new Set(rows.map((r) => r.name));
      const pending = known.filter((name) => !applied.has(name));
      return pending.length === 0 ? check.up({ applied: known.length }) : check.down({ pending });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    }
  }

  /** Terminus throws a 503 carrying its result when a check fails; the result is what we answer with. */
  private async run(checks: Parameters<HealthCheckService['check']>[0]): Promise<HealthView> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    return {
      status: result.status === 'ok' ? 'ok' : 'error',
      info: (result.info ?? {}) as HealthView['info'],
      error: (result.error ?? {}) as HealthView['error'],
      details: result.details as HealthView['details'],
    };
  }
}

/** The promise's value, or a rejection once `ms` have passed without one. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
