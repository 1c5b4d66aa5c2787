import type { Browser } from 'playwright-core';
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { launchChromium, screenshotPath } from './support/browser';
import { baseUrl, twoWeekSurveyLink } from './support/api';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The bytes exactly as the server sent them (fetch would decompress them behind our back). */
function raw(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * What every response carries and how the built portal is served (DESIGN.md, "Privacy at the
 * edges"): security headers, compressed text assets, a year's cache for hashed files, and a
 * survey page that loads no clinician or chart code and breaks no Content-Security-Policy rule.
 */
describe('the edge: headers, compression, caching', () => {
  let browser: Browser;
  let surveyUrl: string;
  let mainScript: string;

  beforeAll(async () => {
    browser = await launchChromium();
    surveyUrl = await twoWeekSurveyLink('edge', { givenName: 'Ruth', familyName: 'Edge' });
    const index = (await raw('/')).body.toString('utf8');
    mainScript = /src="(main-[A-Z0-9]+\.js)"/.exec(index)?.[1] ?? '';
    expect(mainScript).not.toBe('');
  });

  afterAll(() => browser?.close());

  it('sends a Content-Security-Policy that forbids framing, and nosniff, on every kind of response', async () => {
    const token = new URL(surveyUrl).pathname;
    for (const path of ['/', '/login', token, `/${mainScript}`, '/api/health', '/api/nope', '/chunk-MISSING0.js', '/api/docs', '/api/public/surveys/x']) {
      const res = await raw(path);
      const csp = String(res.headers['content-security-policy']);
      expect({ path, frameAncestors: /frame-ancestors 'none'/.test(csp), scripts: /default-src 'self'/.test(csp) && !/unsafe-eval/.test(csp) }).toEqual({
        path,
        frameAncestors: true,
        scripts: true,
      });
      expect({ path, nosniff: res.headers['x-content-type-options'] }).toEqual({ path, nosniff: 'nosniff' });
    }
  });

  it('serves scripts compressed with brotli or gzip, whichever the browser accepts, and plain to one that accepts neither', async () => {
    const plain = await raw(`/${mainScript}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await raw(`/${mainScript}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length * 0.6);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gzip = await raw(`/${mainScript}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    for (const res of [plain, br, gzip]) {
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
    }
  });

  it('lets browsers keep hashed files for a year and makes them check index.html every time', async () => {
    expect((await raw(`/${mainScript}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/patients', '/index.html']) {
      const res = await raw(path, { 'accept-encoding': 'br' });
      expect({ path, type: res.headers['content-type'], cache: res.headers['cache-control'] }).toEqual({
        path,
        type: 'text/html; charset=utf-8',
        cache: 'no-cache',
      });
    }
  });

  it('answers a missing file with 404, never with the portal page, and never gives /api paths the portal', async () => {
    for (const path of ['/main-MISSING0.js', '/styles-MISSING0.css', '/favicon.ico', '/api/nope', '/api']) {
      const res = await raw(path);
      expect({ path, status: res.status, html: /<html/i.test(res.body.toString('utf8')) }).toEqual({ path, status: 404, html: false });
    }
  });

  it('keeps survey links out of referrers and caches, and starts fetching its code and questions with the page', async () => {
    const res = await raw(new URL(surveyUrl).pathname);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    // survey.html is the survey's own app: one script of its own (not the portal's) and the shared stylesheet.
    const surveyHtml = res.body.toString('utf8');
    expect(res.body.equals((await raw('/survey.html', { 'accept-encoding': 'identity' })).body)).toBe(true);
    const script = /<script src="(main-[A-Z0-9]+\.js)" type="module">/.exec(surveyHtml)?.[1];
    const styles = /<link rel="stylesheet" href="(styles-[A-Z0-9]+\.css)">/.exec(surveyHtml)?.[1];
    expect(script).toBeDefined();
    expect(script).not.toBe(mainScript);
    expect(res.headers['link']).toBe(
      `</${styles}>; rel=preload; as=style, </${script}>; rel=modulepreload, ` +
        `<${new URL(surveyUrl).pathname.replace('/s/', '/api/public/surveys/')}>; rel=preload; as=fetch; crossorigin`,
    );
    // Other survey paths (thank-you, opt-out, a malformed link) get the same page and code, without questions.
    for (const path of [`${new URL(surveyUrl).pathname}/thanks`, `${new URL(surveyUrl).pathname}/opt-out`, '/s/x']) {
      const other = await raw(path);
      expect({ path, page: other.body.toString('utf8') === surveyHtml, link: other.headers['link'] }).toEqual({
        path,
        page: true,
        link: `</${styles}>; rel=preload; as=style, </${script}>; rel=modulepreload`,
      });
    }
    const apiRes = await raw(new URL(surveyUrl).pathname.replace('/s/', '/api/public/surveys/'));
    expect(apiRes.headers['referrer-policy']).toBe('no-referrer');
    expect(apiRes.headers['cache-control']).toBe('no-store');
  });

  it('renders the survey on a phone with no CSP violation, from under 100 kB of compressed JavaScript and no chart code', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const problems: string[] = [];
    phone.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    phone.on('pageerror', (error) => problems.push(error.message));
    const scripts: { url: string; bytes: number; encoding?: string }[] = [];
    phone.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const headers = await response.allHeaders();
      scripts.push({ url: response.url(), bytes: Number(headers['content-length']), encoding: headers['content-encoding'] });
    });
    await phone.goto(surveyUrl);
    await phone.getByRole('group').first().getByRole('radio').first().waitFor();
    await phone.screenshot({ path: screenshotPath('survey-csp'), fullPage: true });
    expect(problems).toEqual([]);

    const total = scripts.reduce((sum, s) => sum + s.bytes, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(100_000);
    expect(scripts.filter((s) => s.bytes > 1000 && s.encoding !== 'br')).toEqual([]);
    // It loads one script, the survey app's that survey.html names: framework and survey together.
    const surveyHtml = (await raw('/survey.html')).body.toString('utf8');
    expect(scripts.map(({ url }) => surveyHtml.includes(`<script src="${new URL(url).pathname.slice(1)}"`))).toEqual([true]);
    const code = await Promise.all(scripts.map(async ({ url }) => (await raw(new URL(url).pathname)).body.toString('utf8')));
    // The Angular router's outlet, Chart.js's own error text, and the clinician data-access paths.
    expect(code.join('\n')).not.toMatch(/router-outlet|acquire context|\/api\/cohorts|\/api\/patients/);
    await phone.close();
  });

  it('renders the clinician sign-in page and the API docs with no CSP violation', async () => {
    for (const [path, ready] of [
      ['/login', 'Sign in'],
      ['/api/docs', 'Stride API'],
    ]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`${baseUrl}${path}`);
      await page.getByText(ready).first().waitFor();
      expect({ path, problems }).toEqual({ path, problems: [] });
      await page.close();
    }
  });
});
