// `npm start`: build what is stale, then serve on the embedded database (or DATABASE_URL),
// migrating and seeding the demo clinic on first run.
import { spawn } from 'node:child_process';
import { ensureBuilt } from './build-if-stale.mjs';

ensureBuilt(['api', 'portal']);
const child = spawn(process.execPath, ['dist/apps/api/main.js'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
