import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role, UserView } from '@stride/contracts';
import { createApp } from '../src/app/bootstrap';
import { loadConfig, AppConfig } from '../src/app/config/app-config';
import { dataSourceOptions, migrate } from '../src/app/database/data-source';
import { grantAppPrivileges } from '../src/app/database/runtime';
import { Clock, ManualClock } from '../src/app/common/clock';
import { UsersService } from '../src/app/users/users.service';
import type { Logger as Pino } from 'pino';

const LOCK = 'stride:test-template';

function adminUrl(database = 'postgres'): string {
  const url = new URL(process.env['STRIDE_TEST_ADMIN_URL'] as string);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The role the app logs in as in tests, as in production: it owns nothing, may only append to and
 * read the audit log, and cannot ALTER, TRUNCATE or disable a trigger (runtime.ts
 * grantAppPrivileges). One per test run, so runs sharing a DATABASE_URL server do not collide.
 */
function appRole(): { name: string; password: string } {
  const run = process.env['STRIDE_TEST_RUN'] as string;
  return { name: `stride_app_${run}`, password: `app-${run}` };
}

/** The same database, logged in as the app's role. */
export function asAppRole(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = appRole().name;
  url.password = appRole().password;
  return url.toString();
}

/**
 * A fresh, migrated database for one test file: cloned from a template that the first caller
 * migrates (under an advisory lock), so files run in parallel without sharing rows. Returns the
 * owner's (superuser's) URL; `asAppRole` gives the app's login to it, with its grants.
 */
export async function createTestDatabase(): Promise<string> {
  const run = process.env['STRIDE_TEST_RUN'] as string;
  const template = `stride_tpl_${run}`;
  const name = `stride_t_${run}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: process.env['STRIDE_TEST_ADMIN_URL'] });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [LOCK]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE "${template}"`);
      const dataSource = new DataSource(dataSourceOptions(adminUrl(template), 2));
      await dataSource.initialize();
      await migrate(dataSource);
      const role = appRole();
      const { rowCount: exists } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
      if (!exists) await admin.query(`CREATE ROLE "${role.name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '${role.password}'`);
      await grantAppPrivileges(dataSource, role.name);
      await dataSource.destroy();
    }
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]).catch(() => undefined);
    await admin.end();
  }
  return adminUrl(name);
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  /** The owner's login to the test's database (pass it on to start a second app on the same data). */
  databaseUrl: string;
  config: AppConfig;
  clock: ManualClock;
  /**
   * The test's own connection, as the owner, for setting up and reading rows directly; the app
   * itself logs in as the app's role (`app.get(DataSource)`).
   */
  dataSource: DataSource;
  close(): Promise<void>;
}

export async function startTestApp(
  options: { env?: Record<string, string>; now?: string; databaseUrl?: string; logger?: Pino } = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  // The owner's URL of a harness database: the app logs in as the app's role. Any other login (a
  // test's own roles) is used as given.
  const [given, admin] = [new URL(databaseUrl), new URL(process.env['STRIDE_TEST_ADMIN_URL'] as string)];
  const ownersDatabase = given.host === admin.host && given.username === admin.username;
  const appUrl = ownersDatabase ? asAppRole(databaseUrl) : databaseUrl;
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: randomBytes(32).toString('hex'),
    SCHEDULER_ENABLED: 'false',
    DEMO_SEED: 'false',
    CLINIC_TIMEZONE: 'America/New_York',
    PUBLIC_BASE_URL: 'http://stride.test',
    PORTAL_DIR: '',
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const clock = new ManualClock(options.now ?? '2026-03-10T14:00:00Z');
  const app = await createApp({ config: { ...config, portalDir: undefined }, databaseUrl: appUrl, clock: clock as Clock, logger: options.logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const appDataSource = app.get(DataSource);
  const dataSource = ownersDatabase ? await new DataSource(dataSourceOptions(databaseUrl, 3)).initialize() : appDataSource;
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    databaseUrl,
    config,
    clock,
    dataSource,
    close: async () => {
      await app.close();
      if (dataSource !== appDataSource && dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

export interface HttpResult<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** A small HTTP client over real sockets, as an outside script would use the API. */
export class Api {
  constructor(
    private readonly baseUrl: string,
    readonly token?: string,
  ) {}

  as(token: string): Api {
    return new Api(this.baseUrl, token);
  }

  get(path: string): Promise<HttpResult> {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown): Promise<HttpResult> {
    return this.request('POST', path, body);
  }
  put(path: string, body?: unknown): Promise<HttpResult> {
    return this.request('PUT', path, body);
  }
  patch(path: string, body?: unknown): Promise<HttpResult> {
    return this.request('PATCH', path, body);
  }

  /** A GET whose body is binary (a PDF): the bytes as sent. */
  async bytes(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const response = await fetch(this.baseUrl + path, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  async request(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed, text, headers: response.headers };
  }
}

/** Creates a user straight through the service (as the CLI does) and signs in over HTTP. */
export async function signIn(test: TestApp, role: Role, name = `${role} ${randomBytes(2).toString('hex')}`): Promise<{ user: UserView; api: Api }> {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const email = `${role}-${randomBytes(4).toString('hex')}@clinic.test`;
  const user = await test.app.get(UsersService).create(null, { email, name, role, password });
  const login = await new Api(test.baseUrl).post('/api/auth/login', { email, password });
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`);
  return { user, api: new Api(test.baseUrl, login.body.accessToken) };
}
