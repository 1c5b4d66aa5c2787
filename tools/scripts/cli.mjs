// `npm run cli -- <command>`: builds the API if needed, then runs its CLI entry point.
import { spawnSync } from 'node:child_process';
import { ensureBuilt } from './build-if-stale.mjs';

ensureBuilt(['api']);
const result = spawnSync(process.execPath, ['dist/apps/api/cli.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
