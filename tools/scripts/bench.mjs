// `npm run bench -- <name> [args]`: builds what the benchmark runs (the API; for survey-load the
// portal too) if it is stale, then runs tools/bench/<name>.mjs.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ensureBuilt } from './build-if-stale.mjs';

const [name, ...args] = process.argv.slice(2);
const available = readdirSync('tools/bench').filter((f) => f.endsWith('.mjs')).map((f) => f.replace(/\.mjs$/, ''));
if (!name || !existsSync(`tools/bench/${name}.mjs`)) {
  console.error(`Usage: npm run bench -- <name>\nBenchmarks: ${available.join(', ')}`);
  process.exit(1);
}
// Benchmarks that load pages in a browser need the built portal as well as the API.
const NEEDS_PORTAL = new Set(['survey-load']);
ensureBuilt(NEEDS_PORTAL.has(name) ? ['api', 'portal'] : ['api']);
const result = spawnSync(process.execPath, [`tools/bench/${name}.mjs`, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
