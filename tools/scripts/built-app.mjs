// Starts what a clinic would run, for the end-to-end tests and the page-load benchmark: a
// throwaway PostgreSQL (embedded, or a fresh database on DATABASE_URL's server), the first admin
// made with the real CLI, and the built app via `node dist/apps/api/main.js` on a free port.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, startTempPostgres, tempDir } from './temp-postgres.mjs';

const root = resolve(import.meta.dirname, '../..');

/** Resolves to `{ baseUrl, dir, stop() }` once /api/health answers; `name` labels the temp folders. */
export async function startBuiltApp({ name, admin }) {
  for (const file of ['dist/apps/api/main.js', 'dist/apps/portal/browser/index.html']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const pg = await startTempPostgres({ prefix: `stride-${name}-pg-`, flags: ['-c', 'fsync=off'] });
  const dir = tempDir(`stride-${name}-`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: await pg.createDatabase(`stride_${name}_${Date.now().toString(36)}`),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: baseUrl,
    STRIDE_DATA_DIR: dir,
    DEMO_SEED: 'false',
    SCHEDULER_ENABLED: 'false',
    SMTP_URL: '',
    CLINIC_TIMEZONE: 'America/New_York',
  };
  let server;
  const stop = async () => {
    await new Promise((done) => {
      if (!server || server.exitCode !== null || server.signalCode !== null) return done();
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
      server.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      server.kill('SIGTERM');
    });
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // A CLI that never exits would hang the whole run: give it a minute.
    const cli = spawnSync(
      process.execPath,
      ['dist/apps/api/cli.js', 'create-user', '--email', admin.email, '--name', admin.name, '--role', 'admin'],
      { cwd: root, env: { ...env, NEW_USER_PASSWORD: admin.password }, encoding: 'utf8', timeout: 60_000 },
    );
    if (cli.status !== 0) throw new Error(`CLI create-user failed${cli.error ? ` (${cli.error.message})` : ''}: ${cli.stderr}${cli.stdout}`);

    const log = openSync(join(dir, 'server.log'), 'a');
    server = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: root, env, stdio: ['ignore', log, log] });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited early: ${readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000)}`);
      if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error('the server did not become healthy within 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dir, stop };
}
