// `npm run bench -- export [responses] [rounds]`: the long research export over HTTP
// (GET /api/exports/outcomes.csv?format=long as a researcher) against psql running the same COPY
// (the SQL the API builds, longExportSql from the build, with the API's settings: jit off) to its
// stdout on the same database, in the same run, alternating. Measured at 100,000 and at `responses` (1,000,000) response rows: time to
// the first byte, throughput, and the API process's peak memory (VmRSS polled every 20 ms; a fresh
// process for each size). Targets: >= 0.9x psql's throughput, the first byte within 1 s, and peak
// memory at the large size within 1.2x of the small one.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
import pg from 'pg';
import { API_DIST, createBenchDatabase, createUser, insertSurgeons, loadAverage, login, median, seedOutcomes, startApi, watchMemory } from './support/stride.mjs';

const RESPONSES = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const SMALL = 100_000;
// Each seeded patient has about 5.2 responses (1.1 surgeries; seed-outcomes.sql).
const PATIENTS_PER_RESPONSE = 1 / 5.2;
const ZONE = 'America/New_York';
/** What the API sets for its export's transaction (exports.service.ts): psql runs the COPY the same way. */
const API_SETTINGS = 'SET statement_timeout = 0;\nSET jit = off;\n';

const require = createRequire(import.meta.url);
const { longExportSql } = require(`${process.cwd()}/${API_DIST}/app/exports/export-sql.js`);

/** Streams a response or a process's stdout, timing the first byte and the end. */
function timeStream(start, readable) {
  return new Promise((resolve, reject) => {
    let first = null;
    let bytes = 0;
    readable.on('data', (chunk) => {
      if (first === null) first = performance.now();
      bytes += chunk.length;
    });
    readable.on('error', reject);
    readable.on('end', () => resolve({ firstByteMs: first - start, totalMs: performance.now() - start, bytes }));
  });
}

function httpExport(base, token) {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}/api/exports/outcomes.csv?format=long`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`export answered ${response.statusCode}`));
      timeStream(start, response).then(resolve, reject);
    });
    request.on('error', reject);
  });
}

function psqlExport(databaseUrl, sql, settings = '') {
  const start = performance.now();
  const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-f', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(`${settings}COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true);\n`);
  return timeStream(start, child.stdout);
}

/** Alternating rounds on a fresh API process, after one warm-up of each. */
async function measure(database, researcher, label) {
  const api = await startApi(database.url);
  try {
    const token = await login(api.base, researcher);
    const literal = (v) => pg.Client.prototype.escapeLiteral(v);
    const sql = longExportSql({}, { now: new Date(), zone: ZONE, timepoints: ['baseline', '2w', '6w', '3m', '6m'], definition: 'success-v2' }, literal);
    await psqlExport(database.url, sql, API_SETTINGS);
    const memory = watchMemory(api.pid);
    await httpExport(api.base, token);
    const runs = { api: [], psql: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.psql.push(await psqlExport(database.url, sql, API_SETTINGS));
      runs.api.push(await httpExport(api.base, token));
    }
    const { peakKb, hwmKb } = memory.stop();
    // For reference only: the same COPY with the server's default JIT, which held the first byte ~1 s.
    const withJit = await psqlExport(database.url, sql);
    const summary = (list) => ({
      firstByteMs: median(list.map((r) => r.firstByteMs)),
      totalMs: median(list.map((r) => r.totalMs)),
      bytes: list[0].bytes,
      mbPerS: median(list.map((r) => r.bytes / 1e6 / (r.totalMs / 1000))),
    });
    const result = { api: summary(runs.api), psql: summary(runs.psql), withJit, peakKb, hwmKb };
    const line = (name, r) =>
      `${name} first byte ${r.firstByteMs.toFixed(0)} ms, all ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.totalMs / 1000).toFixed(2)} s (${r.mbPerS.toFixed(1)} MB/s)`;
    console.log(`${label}: ${line('stride', result.api)}; ${line('psql', result.psql)}; API peak RSS ${(peakKb / 1024).toFixed(0)} MB (VmHWM ${(hwmKb / 1024).toFixed(0)} MB); psql with the default jit: first byte ${withJit.firstByteMs.toFixed(0)} ms, ${(withJit.totalMs / 1000).toFixed(2)} s`);
    return result;
  } finally {
    await api.stop();
  }
}

const database = await createBenchDatabase();
try {
  console.log(`export benchmark: long CSV over HTTP vs psql COPY of the same SQL to stdout, ${ROUNDS} alternating rounds (medians); ${database.describe}; load ${loadAverage()}`);
  const researcher = createUser(database.url, 'researcher');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const ids = await insertSurgeons(client);
  const smallPatients = Math.round(SMALL * PATIENTS_PER_RESPONSE);
  let counts = await seedOutcomes(client, ids, 1, smallPatients);
  console.log(`seeded ${counts.responses} responses (${counts.surgeries} surgeries)`);
  const small = await measure(database, researcher, `${counts.responses} responses`);
  const started = performance.now();
  counts = await seedOutcomes(client, ids, smallPatients + 1, Math.round(RESPONSES * PATIENTS_PER_RESPONSE) - smallPatients);
  console.log(`seeded ${counts.responses} responses (${counts.surgeries} surgeries) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const large = await measure(database, researcher, `${counts.responses} responses`);
  await client.end();

  const ratio = large.psql.totalMs / large.api.totalMs;
  const memoryRatio = large.peakKb / small.peakKb;
  const ok = ratio >= 0.9 && large.api.firstByteMs <= 1000 && memoryRatio <= 1.2;
  console.log(
    `first byte ${large.api.firstByteMs.toFixed(0)} ms (target <= 1000; psql ${large.psql.firstByteMs.toFixed(0)} ms); API peak RSS ${(large.peakKb / 1024).toFixed(0)} MB at ${counts.responses} vs ${(small.peakKb / 1024).toFixed(0)} MB at 100k: ${memoryRatio.toFixed(2)}x (target <= 1.2x)`,
  );
  console.log(
    `export: ${ratio.toFixed(2)}x psql's throughput (target >= 0.9x): stride ${large.api.mbPerS.toFixed(1)} MB/s, psql ${large.psql.mbPerS.toFixed(1)} MB/s, ${(large.api.bytes / 1e6).toFixed(0)} MB; load ${loadAverage()}${ok ? '' : ' (target missed)'}`,
  );
} finally {
  await database.drop();
}
