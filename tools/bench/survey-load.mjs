// `npm run bench -- survey-load [runs]`: how soon a patient on a slow phone can answer the first
// survey question. Chromium loads /s/<token> from the built app on a throwaway database over
// emulated slow 3G (400 ms round trip, 400 kbit/s each way) with the CPU slowed 4x and the cache
// off, and times navigation start -> the first question's first choice is visible and enabled.
// The baseline is the same page from the same server in the same run, with the browser accepting
// no compression, so every file comes as built. Median of `runs` (3) loads each.
// Not a test: it prints figures for the README. Targets: <= 3000 ms and <= 100 kB of JavaScript.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { startBuiltApp } from '../scripts/built-app.mjs';

const RUNS = Number(process.argv[2] ?? 3);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const CPU_SLOWDOWN = 4;
const TARGET_MS = 3000;
const TARGET_JS_KB = 100;

if (!existsSync(CHROMIUM)) {
  console.error(`Chromium is missing at ${CHROMIUM}: run \`apt-get install -y chromium\` (or \`npm test\` once, as root), or set CHROMIUM_PATH.`);
  process.exit(1);
}

async function api(baseUrl, path, token, body) {
  const response = await fetch(baseUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A patient 15 days after surgery, and an in-clinic link to their open 2-week survey. */
async function surveyLink({ baseUrl, admin }) {
  const { accessToken } = await api(baseUrl, '/api/auth/login', null, { email: admin.email, password: admin.password });
  const surgeon = await api(baseUrl, '/api/users', accessToken, { email: 'surgeon@load.test', name: 'Dr. Bench', role: 'surgeon', password: 'bench-surgeon-password' });
  const patient = await api(baseUrl, '/api/patients', accessToken, {
    mrn: 'BENCH-0001', givenName: 'Pat', familyName: 'Bench', birthDate: '1950-03-04', email: 'pat@load.test', language: 'en', surgeonId: surgeon.id,
  });
  const surgeryDate = new Date(Date.now() - 15 * 86_400_000).toISOString().slice(0, 10);
  const surgery = await api(baseUrl, `/api/patients/${patient.id}/surgeries`, accessToken, { procedure: 'laminectomy', surgeryDate });
  const twoWeeks = surgery.invitations.find((i) => i.timepoint === '2w');
  const { url } = await api(baseUrl, `/api/invitations/${twoWeeks.id}/link`, accessToken, {});
  return `${baseUrl}${new URL(url).pathname}`;
}

/** One cold load on a fresh profile: ms until the first choice can be tapped, and the JS it took. */
async function load(browser, url, { compressed }) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  // The baseline's browser offers no encoding, so the server must send every file as it is.
  if (!compressed) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });

  const scripts = new Map();
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    if (type !== 'Script') return;
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    scripts.set(requestId, { url: response.url, encoding: headers['content-encoding'] ?? 'identity', bytes: Number(headers['content-length'] ?? 0) });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const script = scripts.get(requestId);
    if (script && !script.bytes) script.bytes = encodedDataLength;
  });

  await page.goto(url, { waitUntil: 'commit' });
  // performance.now() counts from navigation start. "Answerable": the first choice of the first
  // question is laid out on screen and enabled.
  const handle = await page.waitForFunction(
    () => {
      const input = document.querySelector('fieldset input[type="radio"]');
      const box = input?.closest('label')?.getBoundingClientRect();
      const ready = input && !input.disabled && !input.closest('fieldset')?.disabled && box && box.width > 0 && box.height > 0;
      return ready ? performance.now() : false;
    },
    null,
    { polling: 'raf', timeout: 60_000 },
  );
  const ms = await handle.jsonValue();
  await context.close();
  const list = [...scripts.values()];
  return { ms, jsBytes: list.reduce((sum, s) => sum + s.bytes, 0), scripts: list };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kB = (bytes) => (bytes / 1000).toFixed(1);

const admin = { email: 'bench-admin@load.test', name: 'Bench Coordinator', password: 'bench-admin-password' };
const app = { ...(await startBuiltApp({ name: 'bench', admin })), admin };
let browser;
try {
  const url = await surveyLink(app);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Other jobs on the machine slow the browser's CPU beyond the 4x emulated: say how busy it was.
  const loadBefore = loadavg()[0].toFixed(1);
  console.log(`survey-load: /s/<token> on slow 3G (RTT ${SLOW_3G.latency} ms, 400 kbit/s), CPU ${CPU_SLOWDOWN}x slower, cache off; median of ${RUNS}`);
  await load(browser, url, { compressed: true }); // warm-up: the server's first requests, not the network, would dominate
  const results = { stride: [], baseline: [] };
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so a burst of load on the machine hits both sides alike.
    for (const [name, compressed] of [['baseline', false], ['stride', true]]) {
      const result = await load(browser, url, { compressed });
      results[name].push(result);
      console.log(`  ${name.padEnd(8)} run ${i + 1}: ${Math.round(result.ms)} ms, ${kB(result.jsBytes)} kB JS in ${result.scripts.length} files (${[...new Set(result.scripts.map((s) => s.encoding))].join(', ')})`);
    }
  }
  const strideMs = median(results.stride.map((r) => r.ms));
  const baselineMs = median(results.baseline.map((r) => r.ms));
  const strideJs = median(results.stride.map((r) => r.jsBytes));
  const baselineJs = median(results.baseline.map((r) => r.jsBytes));
  const files = results.stride[0].scripts.map((s) => new URL(s.url).pathname.slice(1)).join(' ');
  console.log(`scripts the survey page loads: ${files}`);
  console.log(`targets: first question answerable <= ${TARGET_MS} ms: ${strideMs <= TARGET_MS ? 'met' : 'MISSED'}; JavaScript <= ${TARGET_JS_KB} kB: ${strideJs / 1000 <= TARGET_JS_KB ? 'met' : 'MISSED'}`);
  console.log('ratio: uncompressed baseline time / Stride time (higher is better; the patient waits that many times less)');
  console.log(
    `survey-load: ${(baselineMs / strideMs).toFixed(2)}x (Stride ${Math.round(strideMs)} ms, ${kB(strideJs)} kB JS; uncompressed ${Math.round(baselineMs)} ms, ${kB(baselineJs)} kB JS; load average ${loadBefore} -> ${loadavg()[0].toFixed(1)})`,
  );
} finally {
  await browser?.close();
  await app.stop();
}
