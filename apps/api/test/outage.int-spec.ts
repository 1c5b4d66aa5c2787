import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect, Server, Socket } from 'node:net';
import { LoggerService } from '@nestjs/common';
import { Client } from 'pg';
import { Api, createTestDatabase, signIn, startTestApp, TestApp } from './harness';
import { aClinic, aSurgery } from './factories';
import { freePort } from '../src/app/database/embedded';
import { newSurveyToken, storeSurveyTokens } from '../src/app/invitations/survey-token';
import { SERVER_ENTRY } from './replicas';

/**
 * The database as the app sees it, through a TCP relay that this test can cut: `down()` refuses new
 * connections and drops open ones (what a stopped server or a failed network looks like from the
 * app), `up()` relays again on the same port. Works the same on the embedded server and on
 * DATABASE_URL's shared one, which a test must not stop.
 */
class DatabaseRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  static async to(databaseUrl: string): Promise<DatabaseRelay> {
    const url = new URL(databaseUrl);
    const relay = new DatabaseRelay({ host: url.hostname, port: Number(url.port || 5432) });
    relay.port = await freePort();
    return relay;
  }

  /** The same database URL, through the relay. */
  via(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    return new Promise((resolve) => this.server?.listen(this.port, '127.0.0.1', () => resolve()));
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

/** Every line the app logs, with its level and anything passed beside the message (a stack would be). */
class CapturingLogger implements LoggerService {
  readonly entries: { level: string; message: string; extra: unknown[] }[] = [];
  log(message: unknown, ...extra: unknown[]): void {
    this.push('log', message, extra);
  }
  error(message: unknown, ...extra: unknown[]): void {
    this.push('error', message, extra);
  }
  warn(message: unknown, ...extra: unknown[]): void {
    this.push('warn', message, extra);
  }
  debug(message: unknown, ...extra: unknown[]): void {
    this.push('debug', message, extra);
  }
  verbose(message: unknown, ...extra: unknown[]): void {
    this.push('verbose', message, extra);
  }
  private push(level: string, message: unknown, extra: unknown[]): void {
    this.entries.push({ level, message: String(message), extra });
  }
}

interface Outcome {
  /** When the request was sent, and when its answer came. */
  sent: number;
  at: number;
  route: 'patients' | 'survey';
  status: number;
  code?: string;
  retryAfter: string | null;
}

describe('database outages', () => {
  let relay: DatabaseRelay;
  let directUrl: string;

  beforeAll(async () => {
    directUrl = await createTestDatabase();
    relay = await DatabaseRelay.to(directUrl);
    await relay.up();
  });

  afterAll(async () => {
    await relay?.down();
  });

  describe('while serving', () => {
    let test: TestApp;

    afterAll(async () => {
      await test?.close();
    });

    it('answers 503 SERVICE_UNAVAILABLE with Retry-After (never 500), logs the outage once as it begins and once as it ends, and recovers', async () => {
      test = await startTestApp({ databaseUrl: relay.via(directUrl) });
      const { api: admin } = await signIn(test, 'admin');
      const enrolled = await aSurgery(await aClinic(test), { daysAgo: -20 });
      const links = Array.from({ length: 200 }, () => newSurveyToken());
      await storeSurveyTokens(test.dataSource, links.map((l) => ({ invitationId: enrolled.invitations.baseline, hash: l.hash })), test.clock.now());
      const anonymous = new Api(test.baseUrl);
      const logger = new CapturingLogger();
      test.app.useLogger(logger);

      const outcomes: Outcome[] = [];
      let stop = false;
      let n = 0;
      const worker = async (): Promise<void> => {
        while (!stop) {
          const route = n % 2 === 0 ? 'patients' : 'survey';
          const path = route === 'patients' ? '/api/patients' : `/api/public/surveys/${links[n % links.length].token}`;
          n++;
          const sent = Date.now();
          const response = await (route === 'patients' ? admin : anonymous).get(path);
          outcomes.push({ sent, at: Date.now(), route, status: response.status, code: response.body?.code, retryAfter: response.headers.get('retry-after') });
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      const load = Promise.all(Array.from({ length: 6 }, worker));

      await new Promise((r) => setTimeout(r, 500));
      // Stopping a server ends its sessions (57P01) and then refuses connections: both, in that order.
      const direct = new Client({ connectionString: directUrl });
      await direct.connect();
      await direct.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      await relay.down();
      const downAt = Date.now();
      await new Promise((r) => setTimeout(r, 500));
      // Probes meanwhile: not ready (an orchestrator stops sending traffic), but live (no restart).
      const probes = await Promise.all(['/api/health', '/api/health/ready', '/api/health/live'].map((path) => anonymous.get(path)));
      await new Promise((r) => setTimeout(r, Math.max(0, 2500 - (Date.now() - downAt))));
      await relay.up();
      const upAt = Date.now();

      let recoveredAt = 0;
      const deadline = upAt + 15_000;
      while (!recoveredAt && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        const since = outcomes.filter((o) => o.sent > upAt);
        if (['patients', 'survey'].every((route) => since.some((o) => o.route === route && o.status === 200))) recoveredAt = Date.now();
      }
      await new Promise((r) => setTimeout(r, 500));
      stop = true;
      await load;
      await direct.end();

      const unavailable = outcomes.filter((o) => o.status === 503);
      // Sent while the database was away and answered before it came back (a slow machine may still
      // be finishing, after the cut, a request whose queries had all run before it).
      const during = outcomes.filter((o) => o.sent > downAt && o.at < upAt);
      console.log(
        `outage: ${outcomes.length} requests, ${unavailable.length} answered 503 during ${upAt - downAt} ms down; ` +
          `back to 200 on both routes ${recoveredAt - upAt} ms after the database returned`,
      );
      expect(outcomes.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
      expect(during.length).toBeGreaterThanOrEqual(10);
      expect(during.filter((o) => o.status !== 503)).toEqual([]);
      expect(unavailable.filter((o) => o.code !== 'SERVICE_UNAVAILABLE' || !(Number(o.retryAfter) >= 1))).toEqual([]);
      expect(recoveredAt).toBeGreaterThan(0);
      expect(probes.map((p) => [p.status, p.body?.code ?? null, p.body?.status])).toEqual([
        [503, 'SERVICE_UNAVAILABLE', 'error'],
        [503, 'SERVICE_UNAVAILABLE', 'error'],
        [200, null, 'ok'],
      ]);
      expect(probes[0].body).toMatchObject({ database: 'down', error: { database: { status: 'down' } } });

      // One warning when the outage began, naming the route, never a token; one line when it was
      // over, counting every 503; no error, no stack.
      const ended = Date.now() + 15_000;
      while (!logger.entries.some((e) => /episode over/.test(e.message)) && Date.now() < ended) await new Promise((r) => setTimeout(r, 200));
      const lines = logger.entries.filter((e) => /database unavailable/.test(e.message));
      expect(lines.map((e) => e.level)).toEqual(['warn', 'log']);
      expect(lines[0].message).toMatch(/^database unavailable: GET \/api\/(patients|public\/surveys\/:token): /);
      expect(lines[1].message).toMatch(new RegExp(`: ${unavailable.length} request\\(s\\) answered 503 from .* on GET /api/patients, GET /api/public/surveys/:token$`));
      expect(lines.filter((e) => e.message.includes('\n') || e.extra.some((x) => /\n\s+at /.test(String(x))))).toEqual([]);
      const everything = logger.entries.map((e) => e.message).join('\n');
      expect(links.some((l) => everything.includes(l.token))).toBe(false);
      expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    });
  });

  describe('at boot', () => {
    let child: ChildProcess | undefined;

    afterEach(async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child?.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      child = undefined;
    });

    /** The built server, as production starts it; resolves with its exit code, or null while it runs. */
    const boot = async (env: Record<string, string>): Promise<{ output: () => string; exit: Promise<number | null>; port: number }> => {
      expect(existsSync(SERVER_ENTRY)).toBe(true);
      const port = await freePort();
      let output = '';
      child = spawn(process.execPath, [SERVER_ENTRY], {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: String(port),
          PORTAL_DIR: '',
          DEMO_SEED: 'false',
          SCHEDULER_ENABLED: 'false',
          JWT_SECRET: 'outage-test-secret-outage-test-secret',
          NO_COLOR: '1',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exit = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
      return { output: () => output, exit, port };
    };

    it('retries with backoff for DATABASE_WAIT_SECONDS, one line per attempt, then exits 1 with one line and no stack', async () => {
      const nowhere = `postgres://stride:stride@127.0.0.1:${await freePort()}/stride`;
      const started = Date.now();
      const server = await boot({ DATABASE_URL: nowhere, DATABASE_WAIT_SECONDS: '3' });
      const code = await server.exit;
      const seconds = (Date.now() - started) / 1000;
      const output = server.output();
      console.log(`boot with no database: exit ${code} after ${seconds.toFixed(1)} s:\n${output}`);
      expect(code).toBe(1);
      expect(seconds).toBeLessThan(20);
      const attempts = output.split('\n').filter((line) => /Waiting for the database at 127\.0\.0\.1:\d+\/stride: attempt \d+ failed \(.*ECONNREFUSED/.test(line));
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      expect(output).toMatch(/Stride could not reach the database at 127\.0\.0\.1:\d+\/stride within 3 s/);
      expect(output).not.toMatch(/\n\s+at /);
      expect(output).not.toContain('stride:stride'); // never the password
    });

    it('starts once the database comes back within the wait', async () => {
      await relay.down();
      const server = await boot({ DATABASE_URL: relay.via(directUrl), DATABASE_WAIT_SECONDS: '30' });
      const deadline = Date.now() + 20_000;
      while (!/Waiting for the database/.test(server.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await relay.up();
      while (!/Stride is running/.test(server.output()) && Date.now() < deadline + 20_000) {
        if (child?.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(server.output()).toMatch(/Waiting for the database/);
      expect(server.output()).toMatch(/Stride is running/);
      const health = await fetch(`http://127.0.0.1:${server.port}/api/health`);
      expect(health.status).toBe(200);
    });
  });
});
