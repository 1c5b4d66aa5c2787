import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RateStat, TimepointSummary } from '@stride/contracts';
import { benchmarkSentence } from '@stride/outcomes';
import { Api, signIn, startTestApp, TestApp } from './harness';
import { DEMO_LOGINS, seedDemoIfEmpty } from '../src/app/demo/demo-seed';

interface Pdf {
  status: number;
  headers: Headers;
  pages: string[];
  /** Every page's text, whitespace runs made single spaces (the extractor breaks lines where the PDF does). */
  text: string;
  body: string;
}

/** The text of each page, extracted by pdf.js (pdf-parse) in a child Node process: see pdf-text.cjs. */
function pdfText(bytes: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'pdf-text.cjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve((JSON.parse(Buffer.concat(out).toString('utf8')) as { pages: string[] }).pages) : reject(new Error(Buffer.concat(err).toString('utf8'))),
    );
    child.stdin.end(bytes);
  });
}

const pct = (value: number | null): string => (value === null ? '–' : `${(value * 100).toFixed(0)}%`);

/** The figures the report must print for one measure at the benchmark time point, worded as the report words them. */
function benchmarkLine(stat: RateStat): string {
  return `${stat.x} of n = ${stat.n} evaluable; 95% CI ${pct(stat.ci95?.[0] ?? null)}–${pct(stat.ci95?.[1] ?? null)} (Wilson)`;
}

/** Issue #11: the printable outcomes report, rendered on the server, read back as text. */
describe('GET /api/reports/outcomes.pdf', () => {
  let test: TestApp;
  let admin: Api;

  async function pdf(api: Api | null, query = '', saveAs?: string): Promise<Pdf> {
    const response = await (api ?? new Api(test.baseUrl)).bytes(`/api/reports/outcomes.pdf${query}`);
    const { bytes } = response;
    if (response.status !== 200) return { status: response.status, headers: response.headers, pages: [], text: '', body: bytes.toString('utf8') };
    // REPORT_PDF_DIR=dir keeps the rendered files, to look at them (pdftoppm -png -r 60).
    if (process.env['REPORT_PDF_DIR'] && saveAs) writeFileSync(join(process.env['REPORT_PDF_DIR'], `${saveAs}.pdf`), bytes);
    const texts = (await pdfText(bytes)).map((page) => page.replace(/\s+/g, ' '));
    return { status: 200, headers: response.headers, pages: texts, text: texts.join(' '), body: '' };
  }

  async function demoLogin(email: string): Promise<{ api: Api; id: string; name: string }> {
    const login = DEMO_LOGINS.find((l) => l.email === email) as (typeof DEMO_LOGINS)[number];
    const response = await new Api(test.baseUrl).post('/api/auth/login', { email, password: login.password });
    return { api: new Api(test.baseUrl, response.body.accessToken), id: response.body.user.id, name: response.body.user.name };
  }

  const sixMonths = (timepoints: TimepointSummary[]): TimepointSummary => timepoints.find((t) => t.timepoint === '6m') as TimepointSummary;

  beforeAll(async () => {
    test = await startTestApp({ now: '2026-11-24T15:00:00Z', env: { CLINIC_NAME: 'Riverside Spine Clinic' } });
    await seedDemoIfEmpty(test.dataSource, test.config, test.clock.now(), () => undefined);
    admin = (await signIn(test, 'admin', 'Report Admin')).api;
  }, 120_000);

  afterAll(() => test?.close());

  it("prints the whole clinic's numbers for an admin: 3 pages, clinic name, n, Wilson CI, the dashboard's verdict, page numbers", async () => {
    const [report, summary] = await Promise.all([pdf(admin, '', 'clinic'), admin.get('/api/cohorts/summary')]);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('application/pdf');
    // The file name carries the date only: no patient, no surgeon.
    expect(report.headers.get('content-disposition')).toBe('attachment; filename="stride-outcomes-report-2026-11-24.pdf"');
    expect(report.pages).toHaveLength(3);
    report.pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of 3`));
    expect(report.pages[0]).toContain('Riverside Spine Clinic');
    expect(report.pages[0]).toContain('Cohort: Whole clinic (every surgeon)');
    expect(report.pages[0]).toContain('Printed 24 Nov 2026, 10:00 EST');
    expect(report.pages[0]).toMatch(/latest response included: collected \d{1,2} \w{3} 2026\./);

    const tp = sixMonths(summary.body.timepoints);
    expect(tp.success.n).toBeGreaterThan(20);
    expect(report.pages[0]).toContain('Benchmark time point: 6 months');
    expect(report.pages[0]).toContain(`Response rate: ${pct(tp.responseRate)} (${tp.responded} of ${tp.eligible} eligible)`);
    expect(report.pages[0]).toContain(benchmarkLine(tp.success));
    expect(report.pages[0]).toContain(benchmarkLine(tp.satisfaction));
    expect(report.pages[0]).toContain(benchmarkSentence(tp.success, summary.body.benchmarks.success));
    expect(report.pages[0]).toContain(`${pct(tp.success.worstCase)} if every non-responder failed, ${pct(tp.success.bestCase)} if every one succeeded`);
    expect(report.pages[0]).toContain(`Benchmark source: ${summary.body.benchmarkSource}`);
    expect(report.pages[0]).toContain(`Success v2: ${summary.body.definitions.success.description}`);
    expect(report.pages[0]).toContain('for tracking');
    // Every time point's row: eligible, responded, response rate.
    for (const t of summary.body.timepoints as TimepointSummary[]) {
      expect(report.pages[0]).toContain(`${t.eligible} ${t.responded} ${pct(t.responseRate)}`);
    }

    // Page 2: the funnel, every surgeon by name for an admin, with the limits the API computed.
    const funnel = await admin.get('/api/cohorts/funnel?timepoint=6m&measure=success');
    expect(report.pages[1]).toContain('Funnel plot: success at 6 months');
    expect(report.pages[1]).toContain(`k = ${funnel.body.k} surgeons`);
    for (const point of funnel.body.points) {
      expect(report.pages[1]).toContain(point.label);
      expect(report.pages[1]).toContain(`${(point.lower998 * 100).toFixed(1)}%–${(point.upper998 * 100).toFixed(1)}%`);
    }
    // Page 3: leg pain with its interval, and the walking distance bands.
    const legPain = tp.legPain;
    expect(report.pages[2]).toContain(`${legPain.mean?.toFixed(1)} (${legPain.ci95?.[0].toFixed(1)} to ${legPain.ci95?.[1].toFixed(1)})`);
    expect(report.pages[2]).toContain('> 2 km or unlimited');

    // Audited as an export, with its filters.
    const [audit] = await test.dataSource.query(`SELECT actor_role, detail FROM audit_events WHERE action = 'export.report' ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ actor_role: 'admin', detail: { format: 'pdf' } });
  });

  it("gives a surgeon their own cohort only, peers unnamed; another surgeon's report is refused", async () => {
    const okafor = await demoLogin('okafor@stride.demo');
    const lindqvist = await demoLogin('lindqvist@stride.demo');
    const [report, summary] = await Promise.all([pdf(okafor.api, '', 'surgeon'), okafor.api.get('/api/cohorts/summary')]);
    expect(report.status).toBe(200);
    expect(report.pages[0]).toContain(`Cohort: ${okafor.name}`);
    expect(report.pages[0]).toContain(benchmarkLine(sixMonths(summary.body.timepoints).success));
    expect(report.text).toContain('You');
    expect(report.text).not.toContain(lindqvist.name);
    expect(report.text).not.toContain('Whole clinic');

    const refused = await pdf(okafor.api, `?surgeonId=${lindqvist.id}`);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'FORBIDDEN' });

    // An admin may print any one surgeon's report; its numbers are that surgeon's summary.
    const [forAdmin, lindqvistSummary] = await Promise.all([pdf(admin, `?surgeonId=${lindqvist.id}`), admin.get(`/api/cohorts/summary?surgeonId=${lindqvist.id}`)]);
    expect(forAdmin.pages[0]).toContain(`Cohort: ${lindqvist.name}`);
    expect(forAdmin.pages[0]).toContain(benchmarkLine(sixMonths(lindqvistSummary.body.timepoints).success));
  });

  it("holds a researcher to whole years and prints no surgeon's name or response date", async () => {
    const researcher = (await signIn(test, 'researcher')).api;
    const narrow = await pdf(researcher, '?surgeryFrom=2026-03-01');
    expect(narrow.status).toBe(400);
    expect(JSON.parse(narrow.body)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'surgeryFrom' }] });

    const report = await pdf(researcher, '?surgeryFrom=2026-01-01&surgeryTo=2026-12-31', 'researcher');
    expect(report.status).toBe(200);
    expect(report.pages[0]).toContain('surgery dates: 2026-01-01 to 2026-12-31');
    expect(report.pages[0]).toMatch(/latest response included: collected [A-Z][a-z]+ 2026\./);
    for (const login of DEMO_LOGINS.filter((l) => l.role === 'surgeon')) expect(report.text).not.toContain(login.name);
    expect(report.pages[1]).toMatch(/SG-\w{6}/);
  });

  it('renders a report that says there is no data for an empty cohort, never a 500', async () => {
    const report = await pdf(admin, '?surgeryFrom=2019-01-01&surgeryTo=2019-12-31&ageBand=80%2B', 'empty');
    expect(report.status).toBe(200);
    expect(report.pages).toHaveLength(3);
    expect(report.pages[0]).toContain('There is no data for this cohort yet');
    expect(report.pages[0]).toContain('0 of n = 0 evaluable');
    expect(report.pages[0]).toContain('No evaluable patients yet: nothing can be said against 85%.');
    expect(report.pages[0]).toContain('age at surgery: 80+');
    expect(report.pages[1]).toContain('No surgeon has an evaluable case at 6 months yet');
    expect(report.pages[2]).toContain('No leg-pain answers yet.');
    expect(report.pages[2]).toContain('Page 3 of 3');
  });

  it('refuses the signed-out, an unknown surgeon and a bad filter, naming the field', async () => {
    expect((await pdf(null)).status).toBe(401);
    const unknown = await pdf(admin, '?surgeonId=00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'surgeonId' }] });
    const badBand = await pdf(admin, '?ageBand=90s');
    expect(badBand.status).toBe(400);
    expect(JSON.parse(badBand.body).errors[0].field).toBe('ageBand');
  });
});
