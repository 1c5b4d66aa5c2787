// `npm run bench -- submit [requests] [rounds] [connections]`: survey submissions
// (POST /api/public/surveys/:token/responses, a complete 2-week answer) driven by autocannon against
// the built API, and the same requests against a bare Fastify + pg server (started by this script as
// its own process) that does the same token lookup and response insert in one transaction, with the
// same payload, concurrency and pool size, in the same run, alternating. Ratio = Stride req/s /
// bare req/s (medians); target >= 0.6x with 0 errors. Each run also reports the CPU milliseconds per
// submission of the server, of PostgreSQL (every postgres process) and of autocannon, from /proc:
// two cores run all of them, so that is where a ratio comes from. Then counts the SQL statements
// one survey opening (GET) and one submission take, with log_statement = 'all' on the benchmark
// database.
//
// Rate limits: every request uses its own link, so the per-link limit is never reached; the API runs
// with TRUST_PROXY=true and each request carries its own X-Forwarded-For address, so a per-client
// limit is never reached either (the bare server gets the same header).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { createBenchDatabase, createUser, loadAverage, median, startApi } from './support/stride.mjs';

const REQUESTS = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = Number(process.argv[4] ?? 10);
const POOL_SIZE = 10; // the API's pool (dataSourceOptions)
const PG_LOG = process.env.BENCH_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
const ANSWERS = { legPain: 3, backPain: 2, walkingDistance: 3, satisfaction: 4 };

// ---------- the bare server (this file, run with --bare <databaseUrl> <port>) ----------

async function bareServer(databaseUrl, port) {
  const { default: Fastify } = await import('fastify');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const app = Fastify({ trustProxy: true, bodyLimit: 256 * 1024 });
  app.post('/api/public/surveys/:token/responses', async (request, reply) => {
    const { token } = request.params;
    const answers = request.body?.answers;
    if (!/^[A-Za-z0-9_-]{43}$/.test(token) || typeof answers !== 'object') return reply.code(400).send({ statusCode: 400 });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `SELECT i.id, i.status, i.closes_at, s.status AS surgery_status, p.status AS patient_status
           FROM survey_tokens t
           JOIN invitations i ON i.id = t.invitation_id
           JOIN surgeries s ON s.id = i.surgery_id
           JOIN patients p ON p.id = s.patient_id
          WHERE t.token_hash = $1
          FOR UPDATE OF i`,
        [createHash('sha256').update(token).digest()],
      );
      if (rows.length === 0) {
        await client.query('ROLLBACK');
        return reply.code(404).send({ statusCode: 404 });
      }
      await client.query(
        `INSERT INTO responses (invitation_id, mode, collected_at, leg_pain, back_pain, walking_distance, satisfaction, definition_version)
         VALUES ($1, 'web', now(), $2, $3, $4, $5, 'success-v1;satisfied-v1')`,
        [rows[0].id, answers.legPain, answers.backPain, answers.walkingDistance, answers.satisfaction],
      );
      await client.query('COMMIT');
      return reply.code(201).send();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
  await app.listen({ port, host: '127.0.0.1' });
}

if (process.argv[2] === '--bare') {
  await bareServer(process.argv[3], Number(process.argv[4]));
} else {
  await main();
}

async function startBare(databaseUrl) {
  const { freePort } = await import('../scripts/temp-postgres.mjs');
  const port = await freePort();
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--bare', databaseUrl, String(port)], { stdio: 'inherit' });
  const base = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (waited > 20_000) throw new Error('bare server did not start');
    const up = await fetch(`${base}/`).then(() => true, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, pid: child.pid, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}

// ---------- load ----------

/** Links with their invitations: `count` open 2-week surveys, tokens made here, only their sha256 stored. */
async function makeLinks(client, surgeonId, from, count) {
  const { rows } = await client.query(readFileSync('tools/bench/seed-open-surveys.sql', 'utf8'), [surgeonId, from, count]);
  const tokens = rows.map(() => randomBytes(32).toString('base64url'));
  await client.query(
    `INSERT INTO survey_tokens (token_hash, invitation_id, created_at)
     SELECT hash, invitation_id, now() FROM unnest($1::bytea[], $2::uuid[]) AS t(hash, invitation_id)`,
    [tokens.map((t) => createHash('sha256').update(t).digest()), rows.map((r) => r.id)],
  );
  return tokens;
}

async function load(base, tokens) {
  let next = 0;
  const body = JSON.stringify({ answers: ANSWERS });
  // The rate is timed from the first request to the last response here: with `amount`, autocannon
  // only notices that it is done at its next one-second tick, so its own `duration` is rounded up to
  // whole seconds (2,000 requests in 2.2 s would read as 3.01 s).
  let first = 0;
  let last = 0;
  const result = await runAutocannon({
    url: base,
    connections: CONNECTIONS,
    amount: tokens.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          if (next === 0) first = performance.now();
          const i = next++;
          return {
            ...request,
            path: `/api/public/surveys/${tokens[i % tokens.length]}/responses`,
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
            body,
          };
        },
      },
    ],
  }, () => (last = performance.now()));
  const ok = result['2xx'];
  return { rate: ok / ((last - first) / 1000), ok, errors: result.errors + result.timeouts + result.non2xx, p50: result.latency.p50, p99: result.latency.p99 };
}

/** autocannon's result, calling `onResponse` at every response. */
function runAutocannon(options, onResponse) {
  return new Promise((resolve, reject) => {
    const tracker = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    tracker.on('response', onResponse);
  });
}

// ---------- where the CPU goes ----------

/** CPU seconds (user + system, all threads) so far of the server, of every PostgreSQL process, and of this process (the load generator). */
function cpuSeconds(serverPid) {
  const ticks = { server: 0, postgres: 0, load: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const used = Number(fields[11]) + Number(fields[12]); // utime, stime
    const pid = Number(entry);
    if (pid === serverPid) ticks.server += used;
    else if (pid === process.pid) ticks.load += used;
    else if (comm === 'postgres') ticks.postgres += used;
  }
  const hz = 100; // USER_HZ on Linux
  return { server: ticks.server / hz, postgres: ticks.postgres / hz, load: ticks.load / hz };
}

/** `load()` with the CPU milliseconds per completed request of the server, PostgreSQL and the load generator. */
async function measured(server, tokens) {
  const before = cpuSeconds(server.pid);
  const run = await load(server.base, tokens);
  const after = cpuSeconds(server.pid);
  const perRequest = (key) => ((after[key] - before[key]) * 1000) / Math.max(run.ok, 1);
  return { ...run, cpu: { server: perRequest('server'), postgres: perRequest('postgres'), load: perRequest('load') } };
}

// ---------- statements per request ----------

function logSize() {
  return statSync(PG_LOG).size;
}

function statementsSince(offset, database) {
  const end = logSize();
  const buffer = Buffer.alloc(end - offset);
  const fd = openSync(PG_LOG, 'r');
  readSync(fd, buffer, 0, buffer.length, offset);
  closeSync(fd);
  return buffer
    .toString('utf8')
    .split('\n')
    .filter((line) => line.includes(`@${database} `) && /LOG: {2}(statement|execute [^:]*):/.test(line))
    .map((line) => line.replace(/^.*LOG: {2}/, '').slice(0, 110));
}

async function countStatements(database, client, tokens) {
  await client.query(`ALTER DATABASE "${database.name}" SET log_statement = 'all'`);
  const api = await startApi(database.url, { env: { TRUST_PROXY: 'true' } });
  try {
    const count = async (label, request) => {
      const before = logSize();
      for (const token of tokens) {
        const response = await request(token);
        if (response.status >= 300) throw new Error(`${label} answered ${response.status}`);
      }
      await new Promise((r) => setTimeout(r, 300)); // let the server flush its log
      const lines = statementsSince(before, database.name);
      // Grouped by their opening, so a statement that is not per request (a periodic sweep) shows as such.
      const groups = new Map();
      for (const line of lines) groups.set(line.slice(0, 70), (groups.get(line.slice(0, 70)) ?? 0) + 1);
      const perRequest = [...groups.values()].filter((n) => n >= tokens.length).reduce((sum, n) => sum + n, 0) / tokens.length;
      console.log(`${label}: ${perRequest} statements each (${lines.length} over ${tokens.length} requests):`);
      for (const [text, n] of groups) console.log(`    ${String(n).padStart(3)} x ${text}`);
      return perRequest;
    };
    const open = await count('GET /public/surveys/:token', (token) => fetch(`${api.base}/api/public/surveys/${token}`));
    const submit = await count('POST /public/surveys/:token/responses', (token) =>
      fetch(`${api.base}/api/public/surveys/${token}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answers: ANSWERS }),
      }),
    );
    return { open, submit };
  } finally {
    await api.stop();
    await client.query(`ALTER DATABASE "${database.name}" RESET log_statement`);
  }
}

async function main() {
  const database = await createBenchDatabase();
  try {
    console.log(
      `submit benchmark: ${REQUESTS} submissions per run, ${CONNECTIONS} connections, ${ROUNDS} alternating runs (medians), pool ${POOL_SIZE}; ${database.describe}; load ${loadAverage()}`,
    );
    createUser(database.url, 'admin'); // makes the schema
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const {
      rows: [surgeon],
    } = await client.query(`INSERT INTO users (email, name, role, password_hash, surgeon_code) VALUES ('bench@load.test', 'Bench', 'surgeon', 'x', 'SG-BENCH') RETURNING id`);
    let seeded = 0;
    const links = async (count) => {
      const tokens = await makeLinks(client, surgeon.id, seeded + 1, count);
      seeded += count;
      return tokens;
    };
    const runSets = [];
    for (let i = 0; i < 2 * ROUNDS + 2; i++) runSets.push(await links(REQUESTS));
    const countLinks = await links(10);
    await client.query('VACUUM ANALYZE');

    const api = await startApi(database.url, { env: { TRUST_PROXY: 'true' }, nodeArgs: process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [] });
    const bare = await startBare(database.url);
    const runs = { stride: [], bare: [] };
    try {
      await load(api.base, runSets.pop()); // warm-up
      await load(bare.base, runSets.pop());
      for (let round = 0; round < ROUNDS; round++) {
        runs.bare.push(await measured(bare, runSets.pop()));
        runs.stride.push(await measured(api, runSets.pop()));
      }
    } finally {
      await api.stop();
      await bare.stop();
    }
    const figures = (list) => ({
      rate: median(list.map((r) => r.rate)),
      errors: list.reduce((sum, r) => sum + r.errors, 0),
      p50: median(list.map((r) => r.p50)),
      p99: median(list.map((r) => r.p99)),
      cpu: Object.fromEntries(['server', 'postgres', 'load'].map((key) => [key, median(list.map((r) => r.cpu[key]))])),
    });
    const cpu = ({ cpu: c }) => `server ${c.server.toFixed(2)}, PostgreSQL ${c.postgres.toFixed(2)}, load generator ${c.load.toFixed(2)}`;
    const stride = figures(runs.stride);
    const plain = figures(runs.bare);
    console.log(`CPU ms per submission (medians): stride ${cpu(stride)}; bare ${cpu(plain)}`);
    console.log(`runs (req/s): stride ${runs.stride.map((r) => r.rate.toFixed(0)).join(', ')}; bare ${runs.bare.map((r) => r.rate.toFixed(0)).join(', ')}`);

    const statements = await countStatements(database, client, countLinks);
    const { rows: stored } = await client.query(`SELECT count(*)::int AS n FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.timepoint = '2w'`);
    await client.end();
    const ratio = stride.rate / plain.rate;
    const ok = ratio >= 0.6 && stride.errors === 0;
    console.log(`2-week responses stored: ${stored[0].n}; statements: ${statements.open} per survey opening, ${statements.submit} per submission`);
    console.log(
      `submit: ${ratio.toFixed(2)}x (target >= 0.6x): stride ${stride.rate.toFixed(0)} req/s (p50 ${stride.p50} ms, p99 ${stride.p99} ms, ${stride.errors} errors), bare Fastify + pg ${plain.rate.toFixed(0)} req/s (p50 ${plain.p50} ms, p99 ${plain.p99} ms, ${plain.errors} errors); load ${loadAverage()}${ok ? '' : ' (target missed)'}`,
    );
  } finally {
    await database.drop();
  }
}
