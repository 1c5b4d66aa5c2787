// `npm run bench -- dispatch [count]`: the scheduler's throughput across replicas, as a ratio to a
// plain nodemailer send loop to the same loopback SMTP sink with no database, measured in the
// same run. Also counts duplicates (must be 0). Not a test: it prints figures for the README.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { freePort, startTempPostgres } from '../scripts/temp-postgres.mjs';

const COUNT = Number(process.argv[2] ?? 100_000);
const BASELINE_COUNT = Math.min(COUNT, 20_000);
const REPLICAS = 3;
// The same in-flight sends as the replicas together (3 x 8), over as many pooled SMTP connections (3 x 5).
const BASELINE_CONCURRENCY = REPLICAS * 8;
const BASELINE_CONNECTIONS = REPLICAS * 5;

async function startSink() {
  const perRecipient = new Map();
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        for (const { address } of session.envelope.rcptTo) perRecipient.set(address, (perRecipient.get(address) ?? 0) + 1);
        callback();
      });
    },
  });
  server.on('error', () => undefined); // connection resets from stopping replicas
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    perRecipient,
    reset: () => {
      received = 0;
      perRecipient.clear();
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function startDatabase() {
  const server = await startTempPostgres({ prefix: 'stride-bench-pg-', flags: ['-c', 'max_connections=200'] });
  const url = await server.createDatabase(`stride_bench_${Date.now().toString(36)}`);
  return { url, stop: () => server.stop() };
}

async function baseline(sink) {
  const transport = nodemailer.createTransport(`${sink.url}?pool=true&maxConnections=${BASELINE_CONNECTIONS}`);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: BASELINE_CONCURRENCY }, async () => {
      while (next < BASELINE_COUNT) {
        const i = next++;
        await transport.sendMail({
          from: 'Stride <no-reply@stride.local>',
          to: `baseline${i}@load.test`,
          subject: 'How are you doing after your surgery?',
          text: `Hello,\n\nThe survey takes about 2 minutes:\n\nhttp://stride.test/s/${'x'.repeat(43)}\n\nThank you.`,
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return BASELINE_COUNT / seconds;
}

function startReplica(name, env) {
  return spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      PORTAL_DIR: '',
      DEMO_SEED: 'false',
      SCHEDULER_INTERVAL_SECONDS: '1',
      SCHEDULER_BATCH_SIZE: '100',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
      INSTANCE_ID: name,
      PUBLIC_BASE_URL: 'http://stride.test',
      ...env,
    },
    stdio: 'ignore',
  });
}

const sink = await startSink();
const database = await startDatabase();
const replicas = [];
try {
  console.log(`dispatch benchmark: ${COUNT} due invitations, ${REPLICAS} replicas, loopback SMTP sink`);
  const plainRate = await baseline(sink);
  console.log(`baseline: plain nodemailer loop, ${BASELINE_COUNT} messages, ${BASELINE_CONCURRENCY} in flight over ${BASELINE_CONNECTIONS} connections: ${plainRate.toFixed(0)} msg/s`);
  sink.reset();

  // Migrate by starting one replica with the scheduler off, then seed.
  const migrator = startReplica('migrator', { DATABASE_URL: database.url, SCHEDULER_ENABLED: 'false' });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  for (;;) {
    const { rows } = await client.query(`SELECT to_regclass('survey_tokens') IS NOT NULL AS ready`);
    if (rows[0].ready) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  migrator.kill('SIGTERM');
  const {
    rows: [surgeon],
  } = await client.query(`INSERT INTO users (email, name, role, password_hash, surgeon_code) VALUES ('bench@load.test', 'Bench', 'surgeon', 'x', 'SG-BENCH') RETURNING id`);
  await client.query(readFileSync('tools/bench/seed-due-invitations.sql', 'utf8'), [surgeon.id, COUNT]);
  await client.query('ANALYZE');

  const started = performance.now();
  for (let i = 0; i < REPLICAS; i++) replicas.push(startReplica(`bench-${i}`, { DATABASE_URL: database.url, SMTP_URL: sink.url }));
  let firstMailAt = null;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    if (firstMailAt === null && sink.received() > 0) firstMailAt = performance.now();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM invitations WHERE status IN ('pending', 'claimed')`);
    if (rows[0].n === 0) break;
  }
  const finished = performance.now();
  // Throughput from the first message out (replica start-up and migration checks excluded).
  const rate = COUNT / ((finished - firstMailAt) / 1000);
  const duplicates = [...sink.perRecipient.values()].filter((n) => n > 1).length;
  const { rows: states } = await client.query(`SELECT status, count(*)::int AS n FROM invitations GROUP BY status ORDER BY status`);
  await client.end();
  console.log(`stride: ${COUNT} messages through ${REPLICAS} replicas in ${((finished - firstMailAt) / 1000).toFixed(1)} s: ${rate.toFixed(0)} msg/s (wall clock incl. start-up ${((finished - started) / 1000).toFixed(1)} s)`);
  console.log(`states: ${states.map((s) => `${s.status} ${s.n}`).join(', ')}; messages received ${sink.received()}`);
  console.log(`duplicates: ${duplicates}`);
  console.log(`ratio to plain nodemailer loop: ${(rate / plainRate).toFixed(2)}x (target >= 0.5x)`);
  process.exitCode = duplicates === 0 ? 0 : 1;
} finally {
  await Promise.all(replicas.map((r) => new Promise((resolve) => (r.exitCode !== null ? resolve() : (r.once('exit', resolve), r.kill('SIGTERM'))))));
  await database.stop();
  await sink.close();
}
