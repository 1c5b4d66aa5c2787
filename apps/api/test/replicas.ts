import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '../../..');
export const SERVER_ENTRY = resolve(ROOT, 'dist/apps/api/main.js');

/**
 * Puts `count` invitations in the ledger, all due now and open for days: one surgeon, one
 * patient and surgery each, every patient with their own email address so a duplicate shows.
 */
export async function seedDueInvitations(databaseUrl: string, count: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const {
      rows: [surgeon],
    } = await client.query(
      `INSERT INTO users (email, name, role, password_hash, surgeon_code) VALUES ($1, 'Load Surgeon', 'surgeon', 'x', $2) RETURNING id`,
      [`load-${randomBytes(4).toString('hex')}@clinic.test`, `SG-${randomBytes(3).toString('hex')}`],
    );
    await client.query(readFileSync(resolve(ROOT, 'tools/bench/seed-due-invitations.sql'), 'utf8'), [surgeon.id, count]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

export interface Replica {
  name: string;
  process: ChildProcess;
}

/** Starts the built app, as production runs it, with the scheduler ticking every second. */
export function startReplica(name: string, env: Record<string, string>): Replica {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      PORTAL_DIR: '',
      DEMO_SEED: 'false',
      SCHEDULER_ENABLED: 'true',
      SCHEDULER_INTERVAL_SECONDS: '1',
      JWT_SECRET: 'replica-test-secret-replica-test-secret',
      INSTANCE_ID: name,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Read (and drop unless a test listens too), so a full pipe never blocks the server's logging.
  child.stdout?.on('data', () => undefined);
  child.stderr?.on('data', () => undefined);
  return { name, process: child };
}

export async function stopReplica(replica: Replica, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (replica.process.exitCode !== null || replica.process.signalCode !== null) return;
  await new Promise<void>((done) => {
    replica.process.once('exit', () => done());
    replica.process.kill(signal);
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
