// Starts what a clinic would run: PostgreSQL (embedded, or a fresh database on DATABASE_URL's
// server), the first admin made with the real CLI, and the built app via `node dist/apps/api/main.js`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, startTempPostgres, tempDir } from '../../../../tools/scripts/temp-postgres.mjs';

const root = resolve(import.meta.dirname, '../../../..');

async function database() {
  const server = await startTempPostgres({ prefix: 'stride-e2e-pg-', flags: ['-c', 'fsync=off'] });
  const url = await server.createDatabase(`stride_e2e_${Date.now().toString(36)}`);
  return { url, stop: () => server.stop() };
}

export default async function globalSetup() {
  for (const file of ['dist/apps/api/main.js', 'dist/apps/portal/browser/index.html']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const dir = tempDir('stride-e2e-');
  const db = await database();
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
