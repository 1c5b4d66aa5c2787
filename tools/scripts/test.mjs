// `npm test`: everything, in the order that fails fastest. Lint and unit tests first, then the
// API integration tests on real PostgreSQL, then the builds and the Chromium end-to-end run.
// Nx's cache is skipped: a test run always runs the tests.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const steps = [
  ['lint', ['nx', 'run-many', '-t', 'lint', '--skip-nx-cache', '--parallel=2', '--outputStyle=static']],
  ['unit + integration', ['nx', 'run-many', '-t', 'test', '--skip-nx-cache', '--parallel=1', '--outputStyle=static']],
  ['end to end', ['nx', 'run', 'portal-e2e:e2e', '--skip-nx-cache', '--outputStyle=static']],
];

const started = Date.now();
for (const [name, args] of steps) {
  console.log(`\n=== ${name}: npx ${args.join(' ')}`);
  const result = spawnSync('npx', args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n${name} failed.`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\nAll tests passed in ${Math.round((Date.now() - started) / 1000)} s.`);
