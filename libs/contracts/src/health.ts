/** One check's outcome, as @nestjs/terminus reports it (`status` plus what the check adds). */
export interface HealthCheckDetail {
  status: 'up' | 'down';
  [key: string]: unknown;
}

/**
 * `GET /health`, `/health/live` and `/health/ready`: terminus's result (`info` the checks that
 * passed, `error` those that failed, `details` both). `/health` also says `database: 'up' | 'down'`.
 * Not ready is a 503 whose body also carries the error contract's `statusCode`, `code`
 * (`SERVICE_UNAVAILABLE`) and `message`.
 */
export interface HealthView {
  status: 'ok' | 'error';
  database?: 'up' | 'down';
  info: Record<string, HealthCheckDetail>;
  error: Record<string, HealthCheckDetail>;
  details: Record<string, HealthCheckDetail>;
}
