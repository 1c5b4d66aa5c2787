// `npm run bench -- summary [small] [large] [rounds]`: the dashboard's two aggregate requests,
// GET /api/cohorts/summary and GET /api/cohorts/funnel?timepoint=6m&measure=success (as a
// researcher, whole clinic, one after the other), against the same counts written by hand
// (summary-baseline.sql) run in one psql session with \timing, on the same database, in the same
// run, alternating. At 50,000 and 200,000 surgeries. Ratio = Stride time / SQL time (medians);
// target <= 1.2x at both sizes.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { createBenchDatabase, createUser, insertSurgeons, loadAverage, login, median, seedOutcomes, startApi } from './support/stride.mjs';

const SMALL = Number(process.argv[2] ?? 50_000);
const LARGE = Number(process.argv[3] ?? 200_000);
const ROUNDS = Number(process.argv[4] ?? 5);
const SURGERIES_PER_PATIENT = 1.1;

/** One psql session running both baseline statements; returns their times in ms. */
function sqlRound(databaseUrl, now) {
  const script = `\\set now '${now}'\n\\timing on\n\\o /dev/null\n${readFileSync('tools/bench/summary-baseline.sql', 'utf8')}`;
  const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-f', '-'], { input: script, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  const times = [...result.stdout.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]));
  if (times.length !== 2) throw new Error(`expected two timings from psql, got: ${result.stdout}`);
  return { summaryMs: times[0], funnelMs: times[1] };
}

async function timed(base, token, path) {
  const start = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return performance.now() - start;
}

async function stridesRound(base, token) {
  return {
    summaryMs: await timed(base, token, '/api/cohorts/summary'),
    funnelMs: await timed(base, token, '/api/cohorts/funnel?timepoint=6m&measure=success'),
  };
}

async function measure(database, researcher, surgeries) {
  const api = await startApi(database.url);
  try {
    const token = await login(api.base, researcher);
    const now = new Date().toISOString();
    sqlRound(database.url, now);
    await stridesRound(api.base, token);
    const runs = { stride: [], sql: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.sql.push(sqlRound(database.url, now));
      runs.stride.push(await stridesRound(api.base, token));
    }
    const figures = (list) => ({
      summaryMs: median(list.map((r) => r.summaryMs)),
      funnelMs: median(list.map((r) => r.funnelMs)),
      totalMs: median(list.map((r) => r.summaryMs + r.funnelMs)),
    });
    const result = { surgeries, stride: figures(runs.stride), sql: figures(runs.sql) };
    result.ratio = result.stride.totalMs / result.sql.totalMs;
    const line = (r) => `summary ${r.summaryMs.toFixed(0)} ms + funnel ${r.funnelMs.toFixed(0)} ms = ${r.totalMs.toFixed(0)} ms`;
    console.log(`${surgeries} surgeries: stride ${line(result.stride)}; SQL ${line(result.sql)}: ${result.ratio.toFixed(2)}x`);
    return result;
  } finally {
    await api.stop();
  }
}

const database = await createBenchDatabase();
try {
  console.log(`summary benchmark: GET /cohorts/summary + /cohorts/funnel vs hand-written SQL in psql, ${ROUNDS} alternating rounds (medians); ${database.describe}; load ${loadAverage()}`);
  const researcher = createUser(database.url, 'researcher');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const ids = await insertSurgeons(client);
  const smallPatients = Math.round(SMALL / SURGERIES_PER_PATIENT);
  let counts = await seedOutcomes(client, ids, 1, smallPatients);
  const small = await measure(database, researcher, counts.surgeries);
  counts = await seedOutcomes(client, ids, smallPatients + 1, Math.round(LARGE / SURGERIES_PER_PATIENT) - smallPatients);
  const large = await measure(database, researcher, counts.surgeries);
  await client.end();
  const worst = Math.max(small.ratio, large.ratio);
  console.log(
    `summary: ${worst.toFixed(2)}x (worst of ${small.ratio.toFixed(2)}x at ${small.surgeries} and ${large.ratio.toFixed(2)}x at ${large.surgeries} surgeries; target <= 1.2x): stride ${small.stride.totalMs.toFixed(0)} / ${large.stride.totalMs.toFixed(0)} ms, SQL ${small.sql.totalMs.toFixed(0)} / ${large.sql.totalMs.toFixed(0)} ms; load ${loadAverage()}`,
  );
} finally {
  await database.drop();
}
