import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger as Pino } from 'pino';
import { SchedulerRunner } from './scheduler/scheduler.runner';

/**
 * SIGTERM: stop accepting connections at once, let the requests in flight and the dispatch batch in
 * flight finish (the dispatcher gives back the claims it never handed to SMTP), then close the
 * database pool. Resolves true when everything finished within `timeoutMs`; false when it gave up
 * waiting (the pool is then left to the process's exit, and sends still out keep their leases,
 * which the reaper turns into `unknown`, as after a crash).
 */
export async function shutDownGracefully(app: NestFastifyApplication, timeoutMs: number, log: Pino): Promise<boolean> {
  const fastify = app.getHttpAdapter().getInstance();
  // A keep-alive connection whose request has finished would hold the close until the client lets
  // go of it: close each one as soon as it is idle.
  const idle = setInterval(() => fastify.server.closeIdleConnections(), 100);
  const started = Date.now();
  const drained = Promise.all([fastify.close(), app.get(SchedulerRunner).drain()]).then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const finished = await Promise.race([drained, timedOut]);
  clearTimeout(timer);
  clearInterval(idle);
  if (!finished) {
    log.warn(`shutdown: requests or sends still running after ${Math.round(timeoutMs / 1000)} s; exiting without them`);
    return false;
  }
  await app.close();
  log.info(`shutdown: in-flight requests and sends finished in ${Date.now() - started} ms; database pool closed`);
  return true;
}
