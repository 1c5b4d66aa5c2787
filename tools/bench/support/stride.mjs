// Shared by the export, summary and submit benchmarks: a throwaway database on the PostgreSQL 15
// server at 127.0.0.1:5432 (BENCH_PG_URL to use another), the built API started on it as its own
// process, a user made through the CLI (so the password hash is the API's own), and medians.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { freePort } from '../../scripts/temp-postgres.mjs';

export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The built API to measure; BENCH_API_DIST points at another build (e.g. a copy made before a change). */
export const API_DIST = process.env.BENCH_API_DIST ?? 'dist/apps/api';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A new empty database `stride_bench_<random>`; `drop()` removes it (connections terminated first). */
export async function createBenchDatabase() {
  const name = `stride_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const { rows } = await admin.query('SHOW server_version');
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    describe: `PostgreSQL ${rows[0].server_version} at ${url.host}, database ${name} (dropped afterwards)`,
    drop: async () => {
      const again = new pg.Client({ connectionString: ADMIN_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await again.end();
    },
  };
}

const API_ENV = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORTAL_DIR: '',
  DEMO_SEED: 'false',
  SCHEDULER_ENABLED: 'false',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
  PUBLIC_BASE_URL: 'http://stride.test',
};

/** Makes the schema (the CLI migrates) and a user who can log in. Returns their credentials. */
export function createUser(databaseUrl, role) {
  const email = `${role}-${randomBytes(3).toString('hex')}@bench.test`;
  const password = `Bench-${randomBytes(12).toString('base64url')}-pw`;
  const result = spawnSync(process.execPath, [`${API_DIST}/cli.js`, 'create-user', '--email', email, '--name', `Bench ${role}`, '--role', role], {
    env: { ...process.env, ...API_ENV, DATABASE_URL: databaseUrl, NEW_USER_PASSWORD: password },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`create-user failed: ${result.stderr}${result.stdout}`);
  return { email, password };
}

/** Starts the built API (API_DIST/main.js) on the database and waits for /api/health. */
export async function startApi(databaseUrl, { env = {}, nodeArgs = [] } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, `${API_DIST}/main.js`], {
    env: { ...process.env, ...API_ENV, PORT: String(port), DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The server logs JSON lines on stdout (one per request at info, as in production): keep the tail
  // of both streams for the message if it fails to start.
  let stderr = '';
  const keep = (chunk) => (stderr = (stderr + chunk).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`API exited: ${stderr}`);
    if (waited > 60_000) throw new Error(`API did not start in 60 s: ${stderr}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    pid: child.pid,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))),
  };
}

export async function login(base, { email, password }) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await response.json()).accessToken;
}

/** Polls a process's resident set size (VmRSS, kB) until stopped; returns the peak seen and VmHWM. */
export function watchMemory(pid, everyMs = 20) {
  const read = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  let peak = read('VmRSS');
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, read('VmRSS'));
    } catch {
      // The process is gone.
    }
  }, everyMs);
  return { stop: () => (clearInterval(timer), { peakKb: Math.max(peak, read('VmRSS')), hwmKb: read('VmHWM') }) };
}

/** Runs SQL in psql (/usr/bin/psql) and returns stdout. */
export function psql(databaseUrl, sql) {
  const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-f', '-'], { input: sql, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout;
}

export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** 20 surgeons (no login) for the seeded clinic; returns their ids. */
export async function insertSurgeons(client, count = 20) {
  const { rows } = await client.query(
    `INSERT INTO users (email, name, role, password_hash, surgeon_code)
     SELECT 'surgeon' || g || '@bench.test', 'Surgeon ' || g, 'surgeon', 'x', 'SG-B' || lpad(g::text, 3, '0') FROM generate_series(1, $1::int) g
     RETURNING id`,
    [count],
  );
  return rows.map((r) => r.id);
}

/**
 * Seeds `count` patients numbered from `from` with seed-outcomes.sql (about 1.1 surgeries and 5.2
 * responses each), then VACUUM ANALYZE. Returns the totals so far.
 */
export async function seedOutcomes(client, surgeonIds, from, count) {
  // The seed is consistent by construction: skip the per-row foreign-key triggers (superuser only).
  await client.query(`SET session_replication_role = replica`);
  await client.query(readFileSync('tools/bench/seed-outcomes.sql', 'utf8'), [surgeonIds, from, count]);
  await client.query(`RESET session_replication_role`);
  await client.query('VACUUM ANALYZE');
  const { rows } = await client.query(`SELECT (SELECT count(*) FROM responses)::int AS responses, (SELECT count(*) FROM surgeries)::int AS surgeries`);
  return rows[0];
}
