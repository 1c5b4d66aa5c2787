// One PostgreSQL per test run: a server from tools/scripts/temp-postgres.mjs (embedded, or
// DATABASE_URL's). Each test file then clones its own database from a migrated template.
import { startTempPostgres } from '../../../tools/scripts/temp-postgres.mjs';

export default async function globalSetup() {
  process.env.STRIDE_TEST_RUN = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const server = await startTempPostgres({ prefix: 'stride-test-pg-', flags: ['-c', 'fsync=off', '-c', 'max_connections=300'] });
  globalThis.__STRIDE_PG__ = server;
  process.env.STRIDE_TEST_ADMIN_URL = server.adminUrl;
}
