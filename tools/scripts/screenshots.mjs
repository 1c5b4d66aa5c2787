// `npm run screenshots`: starts the built app on a fresh demo clinic (embedded PostgreSQL in a
// temporary folder) and photographs the key pages into docs/screenshots/ with Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { shootImportPreview } from './screenshots-import.mjs';

const port = 3917;
const base = `http://127.0.0.1:${port}`;
const out = 'docs/screenshots';
const dir = mkdtempSync(join(tmpdir(), 'stride-shots-'));
chmodSync(dir, 0o755);
mkdirSync(out, { recursive: true });

const server = spawn(process.execPath, ['dist/apps/api/main.js'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STRIDE_DATA_DIR: dir, DATABASE_URL: '', SMTP_URL: '', PUBLIC_BASE_URL: base, SCHEDULER_ENABLED: 'false' },
  stdio: ['ignore', 'ignore', 'inherit'],
});

async function waitHealthy() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

async function api(path, token, method = 'GET', body) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.json();
}

async function signIn(page, email, password) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The whole clinic's PDF report, each page as a PNG (poppler's pdftoppm, where installed). */
async function reportPages(token) {
  const pdf = join(dir, 'report.pdf');
  writeFileSync(pdf, Buffer.from(await (await fetch(`${base}/api/reports/outcomes.pdf`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()));
  const rendered = spawnSync('pdftoppm', ['-png', '-r', '60', pdf, join(out, 'report-page')], { stdio: 'inherit' });
  if (rendered.error) console.log('pdftoppm is not installed (apt-get install poppler-utils): the report pages were not rendered');
}

const shoot = (page, name, fullPage = true) => page.screenshot({ path: join(out, `${name}.png`), fullPage });

try {
  await waitHealthy();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await desk.goto(`${base}/login`);
  await desk.getByRole('button', { name: 'Sign in' }).waitFor();
  await shoot(desk, 'login', false);

  await signIn(desk, 'okafor@stride.demo', 'stride-demo-surgeon');
  await desk.goto(`${base}/dashboard`);
  await desk.getByRole('article', { name: /6 months/i }).waitFor();
  await desk.getByRole('heading', { name: 'Trajectories' }).waitFor();
  await desk.waitForTimeout(500);
  await shoot(desk, 'dashboard');
  // The surgeon's own point is highlighted among unnamed peers.
  await desk.goto(`${base}/dashboard/funnel?timepoint=6m&measure=success`);
  await desk.getByRole('table').first().waitFor();
  await desk.waitForTimeout(500);
  await shoot(desk, 'funnel');
  await desk.goto(`${base}/patients`);
  await desk.getByRole('table').waitFor();
  await shoot(desk, 'patients', false);
  await desk.locator('table a').first().click();
  await desk.getByRole('heading', { level: 1 }).waitFor();
  await desk.waitForTimeout(500);
  await shoot(desk, 'patient-detail');
  // The surgeon's alerts: open ones first, with the count in the nav.
  await desk.goto(`${base}/alerts`);
  await desk.getByRole('heading', { name: /^Open/ }).waitFor();
  await desk.getByText(/^Acknowledged \(/).click();
  await desk.waitForTimeout(300);
  await shoot(desk, 'alerts');

  const admin = (await api('/api/auth/login', null, 'POST', { email: 'admin@stride.demo', password: 'stride-demo-admin' })).accessToken;
  // A patient enrolled today: their baseline goes out at once (the demo's other open surveys went
  // out when due), so the messages page and the survey have a fresh link to show.
  const [surgeon] = await api('/api/users?role=surgeon', admin);
  const unreachable = await api('/api/patients', admin, 'POST', {
    mrn: 'MRN0900001', givenName: 'Walter', familyName: 'Brooks', birthDate: '1951-06-02', language: 'en', surgeonId: surgeon.id,
    email: 'walter.brooks@example.org',
  });
  const surgeryDate = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  await api(`/api/patients/${unreachable.id}/surgeries`, admin, 'POST', { procedure: 'laminectomy', surgeryDate });
  await api('/api/admin/scheduler/run', admin, 'POST');
  // An English message, so every run photographs the same pages.
  const message = (await api('/api/admin/messages', admin)).find((m) => m.link && m.recipient === 'walter.brooks@example.org');
  await desk.evaluate(() => sessionStorage.clear());
  await signIn(desk, 'admin@stride.demo', 'stride-demo-admin');
  await desk.goto(`${base}/messages`);
  await desk.getByRole('heading', { level: 1 }).waitFor();
  await desk.waitForTimeout(500);
  await shoot(desk, 'messages', false);
  await desk.goto(`${base}/delivery`);
  await desk.getByRole('heading', { name: 'Failed to send' }).waitFor();
  await desk.waitForTimeout(300);
  await shoot(desk, 'delivery-problems');
  // The coordinator's worklist: non-responders, patients followed up on paper, calls already logged.
  await desk.goto(`${base}/worklist`);
  await desk.getByRole('heading', { name: 'Worklist' }).waitFor();
  await desk.locator('.items li').first().waitFor();
  await desk.waitForTimeout(300);
  await shoot(desk, 'worklist', false);

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await signIn(phone, 'admin@stride.demo', 'stride-demo-admin');
  await phone.goto(`${base}/worklist`);
  await phone.locator('.items li').first().waitFor();
  await phone.waitForTimeout(300);
  await shoot(phone, 'worklist-phone', false);
  await shootImportPreview({ base, api, admin, pages: [[desk, 'import-preview'], [phone, 'import-preview-phone']], shoot });
  await phone.evaluate(() => sessionStorage.clear());

  await phone.goto(message.link);
  await phone.getByRole('heading', { level: 1 }).waitFor();
  await shoot(phone, 'survey', false);
  await phone.goto(`${base}/s/${'A'.repeat(43)}`);
  await phone.getByRole('heading', { level: 1 }).waitFor();
  await shoot(phone, 'survey-unknown-link', false);
  // The "stop these surveys" link at the foot of every message; opening it changes nothing.
  await phone.goto(`${message.link}/opt-out`);
  await phone.getByRole('button', { name: 'Stop sending me surveys' }).waitFor();
  await shoot(phone, 'opt-out', false);
  await signIn(phone, 'okafor@stride.demo', 'stride-demo-surgeon');
  await phone.goto(`${base}/alerts`);
  await phone.getByRole('heading', { name: /^Open/ }).waitFor();
  await shoot(phone, 'alerts-phone', false);
  await browser.close();
  await reportPages(admin);
  console.log(`Screenshots written to ${out}/`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
