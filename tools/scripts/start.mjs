// `npm start`: build what is stale, then serve on the embedded database (or DATABASE_URL),
// migrating and seeding the demo clinic on first run. The server logs JSON lines (what a log
// collector wants); here a person reads them, so pino-pretty renders them as text.
import { spawn } from 'node:child_process';
import pretty from 'pino-pretty';
import { ensureBuilt } from './build-if-stale.mjs';

ensureBuilt(['api', 'portal']);
const child = spawn(process.execPath, ['dist/apps/api/main.js'], { stdio: ['inherit', 'pipe', 'inherit'] });
child.stdout.pipe(
  pretty({
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
  }),
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
