import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded';
import { dataSourceOptions, migrate } from './data-source';

export interface RuntimeDatabase {
  /** What the app logs in as. */
  url: string;
  /** What migrations run as: the schema's owner. The same as `url` when one role does both. */
  migrationUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL (and MIGRATION_DATABASE_URL) when set; otherwise the embedded PostgreSQL under
 * .data/, with its two roles. A second process (the CLI while `npm start` runs) joins the embedded
 * server already running instead of starting another on the same data.
 */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void): Promise<RuntimeDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, migrationUrl: config.migrationDatabaseUrl ?? config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const marker = join(config.dataDir, 'embedded.json');
  if (existsSync(marker)) {
    const joined = JSON.parse(readFileSync(marker, 'utf8')) as { url: string; migrationUrl?: string };
    if (joined.migrationUrl && (await reachable(joined.url))) {
      return { url: joined.url, migrationUrl: joined.migrationUrl, embedded: true, stop: async () => undefined };
    }
    rmSync(marker, { force: true });
  }
  const server = await startEmbeddedPostgres(config.dataDir, log);
  // It holds the roles' passwords: readable by this user only.
  writeFileSync(marker, JSON.stringify({ url: server.url, migrationUrl: server.migrationUrl, pid: process.pid }), { mode: 0o600 });
  return {
    url: server.url,
    migrationUrl: server.migrationUrl,
    embedded: true,
    stop: async () => {
      rmSync(marker, { force: true });
      await server.stop();
    },
  };
}

/**
 * Applies pending migrations as the owner, then (when the app logs in as another role) grants the
 * app role what it needs and no more. Runs before the app starts; the app's own migrate() call then
 * finds nothing to do, which its read-only access to `migrations` allows.
 */
export async function migrateDatabase(database: Pick<RuntimeDatabase, 'url' | 'migrationUrl'>): Promise<void> {
  const owner = new DataSource(dataSourceOptions(database.migrationUrl, 2)); // migrate() holds one connection for its lock
  await owner.initialize();
  try {
    await migrate(owner);
    const appRole = decodeURIComponent(new URL(database.url).username);
    const ownerRole = decodeURIComponent(new URL(database.migrationUrl).username);
    if (appRole && appRole !== ownerRole) await grantAppPrivileges(owner, appRole);
  } finally {
    await owner.destroy();
  }
}

/** Tables the app may only append to and read. The append-only trigger guards them too. */
const APPEND_ONLY_TABLES = ['audit_events'];
/** Tables the app may only read: the chain's head (audit_seal() writes it as the owner) and the migration record. */
const READ_ONLY_TABLES = ['audit_chain_head', 'migrations'];

/**
 * Read and write on the data, append-only on the audit log, read-only on the migration record and
 * the audit chain's head, and the right to ask for sealing. No TRUNCATE, REFERENCES or TRIGGER anywhere, and no DDL (the app owns
 * nothing). Run as the owner after every migration, so tables that later migrations add are
 * covered without naming them.
 */
export async function grantAppPrivileges(owner: DataSource, appRole: string): Promise<void> {
  const app = `"${appRole.replace(/"/g, '""')}"`;
  await owner.transaction(async (manager) => {
    await manager.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await manager.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`);
    await manager.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await manager.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    await manager.query(`REVOKE UPDATE, DELETE ON ${APPEND_ONLY_TABLES.join(', ')} FROM ${app}`);
    await manager.query(`REVOKE INSERT, UPDATE, DELETE ON ${READ_ONLY_TABLES.join(', ')} FROM ${app}`);
    // Sealing runs as the owner and can only chain rows not yet chained (migration 1765000000000).
    await manager.query(`GRANT EXECUTE ON FUNCTION audit_seal(boolean) TO ${app}`);
    // No temporary tables: nothing needs them, and a look-alike of a table in a session's own schema
    // is what a function running as the owner could be fooled by (migration 1765200000000). Only the
    // database's owner can take the right from PUBLIC; for anyone else this is a no-op warning.
    const [{ database }] = (await manager.query(`SELECT current_database() AS database`)) as { database: string }[];
    const db = `"${database.replace(/"/g, '""')}"`;
    await manager.query(`REVOKE TEMPORARY ON DATABASE ${db} FROM PUBLIC`);
    await manager.query(`REVOKE TEMPORARY ON DATABASE ${db} FROM ${app}`);
  });
}

/**
 * Waits for the database to answer, retrying with backoff (0.5 s doubling to 5 s) for at most
 * `seconds`, one line per failed attempt. Throws DatabaseUnreachableError (one line, no stack)
 * when time runs out: a database that is still starting (a container, a failover) is not a crash.
 */
export async function waitForDatabase(url: string, seconds: number, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const where = describeDatabase(url);
  let delay = 500;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    const outcome = await connectOnce(url, Math.max(1000, Math.min(5000, remaining)));
    if (!outcome) return;
    const { problem, retryable } = outcome;
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (!retryable) {
      throw new DatabaseUnreachableError(`Stride cannot use the database at ${where} (${problem}). Check the role, password and database name in DATABASE_URL.`);
    }
    if (Date.now() + delay > deadline) {
      throw new DatabaseUnreachableError(
        `Stride could not reach the database at ${where} within ${seconds} s (${problem}). Is it running, and is DATABASE_URL right? DATABASE_WAIT_SECONDS sets how long to wait.`,
      );
    }
    log(`Waiting for the database at ${where}: attempt ${attempt} failed (${problem}); ${elapsed} of ${seconds} s, next try in ${(delay / 1000).toFixed(1)} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 5000);
  }
}

/** The database did not answer in time at boot: main.ts prints the message alone and exits 1. */
export class DatabaseUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnreachableError';
  }
}

/** Host, port and database, never the password. */
function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * Null when a connection and `SELECT 1` succeed, else why not in a few words. A refused password
 * (28xxx) or a missing database (3D000) will not fix itself by waiting: not retryable.
 */
async function connectOnce(url: string, timeoutMs: number): Promise<{ problem: string; retryable: boolean } | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A server that goes away mid-attempt emits 'error' on the client; without a listener that would crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    const firstLine = message?.split('\n')[0] ?? '';
    const problem = (code && !firstLine.includes(code) ? `${code}: ${firstLine}` : firstLine) || 'no answer';
    return { problem, retryable: !(code?.startsWith('28') || code === '3D000') };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function reachable(url: string): Promise<boolean> {
  return (await connectOnce(url, 2000)) === null;
}
