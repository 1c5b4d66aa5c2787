// Builds projects whose sources changed since their last build. Nx decides staleness from its
// cache in .nx/cache (inside the checkout), so a fresh clone builds once and then reuses.
import { spawnSync } from 'node:child_process';

export function ensureBuilt(projects) {
  const result = spawnSync(
    'npx',
    ['nx', 'run-many', '-t', 'build', `--projects=${projects.join(',')}`, '--output-style=stream', '--outputStyle=static'],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' } },
  );
  if (result.status !== 0) {
    console.error('Build failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}
