// `npm test`: everything, in the order that fails fastest. Lint and unit tests first, then the
// API integration tests on real PostgreSQL, then the builds and the Chromium end-to-end run.
// Nx's cache is skipped: a test run always runs the tests.
//
// A fresh machine needs only Node and npm: PostgreSQL is embedded (or DATABASE_URL's server), and
// the browser for the end-to-end run is Debian's chromium, installed here when it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const steps = [
  ['lint', ['nx', 'run-many', '-t', 'lint', '--skip-nx-cache', '--parallel=2', '--outputStyle=static']],
  ['unit + integration', ['nx', 'run-many', '-t', 'test', '--skip-nx-cache', '--parallel=1', '--outputStyle=static']],
  ['end to end', ['nx', 'run', 'portal-e2e:e2e', '--skip-nx-cache', '--outputStyle=static']],
];

/** The browser path the e2e run will use: CHROMIUM_PATH, else Debian's. Installs it when missing. */
function ensureChromium() {
  const wanted = process.env.CHROMIUM_PATH || DEBIAN_CHROMIUM;
  if (existsSync(wanted)) return wanted;
  const canApt = process.getuid?.() === 0 && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.error(
      [
        `The end-to-end tests need Chromium at ${wanted}, and it is not there.`,
        'On Debian or Ubuntu, install it with:',
        '',
        '  sudo apt-get update && sudo apt-get install -y chromium',
        '',
        'or set CHROMIUM_PATH to a Chromium or Chrome binary, then run `npm test` again.',
      ].join('\n'),
    );
    process.exit(1);
  }
  console.log(`Chromium is missing at ${wanted}: installing Debian's chromium (apt-get update && apt-get install -y chromium)...`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const apt = spawnSync('apt-get', args, { env: aptEnv, encoding: 'utf8' });
    if (apt.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed:\n${apt.stdout}${apt.stderr}`);
      process.exit(1);
    }
  }
  if (!existsSync(DEBIAN_CHROMIUM)) {
    console.error(`apt-get installed chromium, but ${DEBIAN_CHROMIUM} is still missing.`);
    process.exit(1);
  }
  console.log(`Installed; the end-to-end tests use ${DEBIAN_CHROMIUM}.`);
  return DEBIAN_CHROMIUM;
}

const started = Date.now();
env.CHROMIUM_PATH = ensureChromium();
for (const [name, args] of steps) {
  console.log(`\n=== ${name}: npx ${args.join(' ')}`);
  const result = spawnSync('npx', args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n${name} failed.`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\nAll tests passed in ${Math.round((Date.now() - started) / 1000)} s.`);
