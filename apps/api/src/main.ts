import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from './app/common/clock';
import { loadConfig, ConfigError } from './app/config/app-config';
import { LicensedTextError } from './app/instruments/licensed-text.loader';
import { DatabaseUnreachableError, migrateDatabase, resolveDatabase, waitForDatabase } from './app/database/runtime';
import { isDatabaseUnavailable } from './app/common/http-exception.filter';
import { createApp } from './app/bootstrap';
import { seedDemoIfEmpty, DEMO_LOGINS } from './app/demo/demo-seed';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = new Logger('Stride');
  if (config.trustProxy === true) {
    logger.warn('TRUST_PROXY=true believes any client\'s X-Forwarded-For: set the proxy\'s addresses or a hop count instead');
  }
  const database = await resolveDatabase(config, (line) => logger.log(line));
  await waitForDatabase(database.migrationUrl, config.databaseWaitSeconds, (line) => logger.warn(line));
  if (database.migrationUrl !== database.url) await waitForDatabase(database.url, config.databaseWaitSeconds, (line) => logger.warn(line));
  // As the schema's owner; the app itself may log in as a role that owns nothing.
  await migrateDatabase(database);
  const app = await createApp({ config, databaseUrl: database.url });

  let seeded = false;
  if (config.demoSeed) seeded = await seedDemoIfEmpty(app.get(DataSource), config, app.get(Clock).now(), (line) => logger.log(line));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `  Stride is running at ${url}`,
    `  API docs: ${url}/api/docs   health: ${url}/api/health`,
    `  Database: ${database.embedded ? 'embedded PostgreSQL under ' + config.dataDir : 'DATABASE_URL'}${
      database.migrationUrl !== database.url ? ' (the app logs in as a role that owns nothing)' : ''
    }`,
  ];
  if (!config.portalDir) lines.push('  (portal not built: run `npm run build` to serve it)');
  if (config.demoSeed) {
    lines.push(seeded ? '  Demo clinic seeded. Logins:' : '  Demo logins:');
    for (const login of DEMO_LOGINS) lines.push(`    ${login.role.padEnd(10)} ${login.email.padEnd(28)} ${login.password}`);
  }
  console.log(lines.join('\n') + '\n');

  // A second signal during shutdown must not cut it short: the embedded database has to stop cleanly.
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  // Problems a person can fix get one line (or the config's list), not a stack trace.
  if (error instanceof ConfigError || error instanceof LicensedTextError || error instanceof DatabaseUnreachableError) {
    console.error(error.message);
  } else if (isDatabaseUnavailable(error)) {
    console.error(`Stride lost the database while starting (${(error as Error).message.split('\n')[0]}); start it again once the database is back.`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
