import PDFDocument from 'pdfkit';
import { TIMEPOINT_LABELS, type RateStat, type TimepointSummary } from '@stride/contracts';
import { benchmarkSentence } from '@stride/outcomes';
import { ACCENT, BAD, Box, INK, MUTED, drawFunnel, drawFunnelLegend, drawTrajectory, drawWalking, fit } from './report-charts';
import { OutcomesReport, clinicDate, clinicDateTime, clinicMonth, oneDecimal, pct, pctInterval } from './report-model';

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 612, height: 792, margin: 48 };
const WIDTH = PAGE.width - 2 * PAGE.margin;
const LEFT = PAGE.margin;
/** Rows of the funnel table; a large clinic's other surgeons are counted, not listed (the dashboard has them all). */
const FUNNEL_TABLE_ROWS = 12;

/**
 * The outcomes report as a PDF (US Letter, three pages): page 1 the cut-off, filters, definitions,
 * the benchmark time point first and every time point's rates; page 2 the funnel; page 3 leg pain and
 * walking distance. Each page is started explicitly and every block is sized to fit, so the page count
 * does not depend on the data. Text uses the standard Helvetica fonts (WinAnsi: no ">=" glyph).
 */
export function renderOutcomesReport(report: OutcomesReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    info: {
      Title: `Outcomes report: ${report.clinicName}`,
      Author: report.clinicName,
      Subject: `Outcomes after lumbar decompression: ${report.cohortLabel}`,
      Creator: 'Stride',
      CreationDate: report.printedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  pageOne(doc, report);
  doc.addPage();
  pageTwo(doc, report);
  doc.addPage();
  pageThree(doc, report);
  footers(doc, report);
  doc.end();
  return done;
}

function heading(doc: Doc, text: string, y: number, size = 12): number {
  doc.font('Helvetica-Bold').fontSize(size).fillColor(INK).text(text, LEFT, y, { width: WIDTH });
  doc.font('Helvetica');
  return doc.y + 4;
}

function para(doc: Doc, text: string, y: number, options: { size?: number; colour?: string; x?: number; width?: number; bold?: boolean } = {}): number {
  const { size = 9, colour = INK, x = LEFT, width = WIDTH, bold = false } = options;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).fillColor(colour).text(text, x, y, { width });
  doc.font('Helvetica');
  return doc.y;
}

function pageOne(doc: Doc, report: OutcomesReport): void {
  const { summary } = report;
  let y = PAGE.margin;
  y = para(doc, report.clinicName, y, { size: 18, colour: ACCENT, bold: true });
  y = para(doc, 'Outcomes after lumbar decompression', y + 2, { size: 12.5 });
  y = para(doc, `Cohort: ${report.cohortLabel}`, y + 2, { size: 10.5, bold: true });
  doc.lineWidth(1).strokeColor(ACCENT).moveTo(LEFT, y + 6).lineTo(LEFT + WIDTH, y + 6).stroke();
  y += 14;

  // A date, not a time: a paper survey's collection time is only its day. A month for a researcher,
  // who sees no calendar date of a patient's.
  const latest = report.latestResponseAt
    ? (report.role === 'researcher' ? clinicMonth : clinicDate)(report.latestResponseAt, report.timezone)
    : null;
  const meta: [string, string][] = [
    ['Printed', clinicDateTime(report.printedAt, report.timezone)],
    ['Data cut-off', `${clinicDateTime(report.printedAt, report.timezone)}: answers stored and windows closed by then; ${latest ? `latest response included: collected ${latest}` : 'no response yet'}.`],
    ['Filters', report.filterLines.join('; ')],
  ];
  for (const [name, value] of meta) {
    doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED).text(name, LEFT, y, { width: 80 });
    y = Math.max(doc.y, para(doc, value, y, { x: LEFT + 82, width: WIDTH - 82 })) + 3;
  }

  if (summary.timepoints.every((tp) => tp.eligible === 0 && tp.responded === 0)) {
    y += 6;
    doc.save().rect(LEFT, y, WIDTH, 30).fillColor('#fdf3e1').fill().restore();
    para(doc, 'There is no data for this cohort yet: no surgery in these filters has an answered survey or a closed window. Every figure below is empty.', y + 6, {
      x: LEFT + 8,
      width: WIDTH - 16,
      size: 9.5,
      bold: true,
    });
    y += 34;
  }

  const benchmarkTp = summary.timepoints.find((tp) => tp.timepoint === summary.benchmarkTimepoint) as TimepointSummary;
  y = heading(doc, `Benchmark time point: ${TIMEPOINT_LABELS[benchmarkTp.timepoint]}`, y + 10, 12.5);
  const response = `Response rate: ${pct(benchmarkTp.responseRate)} (${benchmarkTp.responded} of ${benchmarkTp.eligible} eligible).`;
  y = para(doc, response, y, { size: 9, colour: MUTED });
  const boxWidth = (WIDTH - 12) / 2;
  const successBottom = measureBox(doc, { x: LEFT, y: y + 4, width: boxWidth, height: 0 }, 'Success', benchmarkTp.success, summary.benchmarks.success);
  const satisfiedBottom = measureBox(doc, { x: LEFT + boxWidth + 12, y: y + 4, width: boxWidth, height: 0 }, 'Satisfied', benchmarkTp.satisfaction, summary.benchmarks.satisfaction);
  y = Math.max(successBottom, satisfiedBottom) + 6;
  const { stopped, deceased } = benchmarkTp;
  y = para(
    doc,
    `At ${TIMEPOINT_LABELS[benchmarkTp.timepoint]}: ${deceased} left out because the patient died; ${stopped.withdrawn} withdrawn and ${stopped.optedOut} opted out, kept in as non-responders.`,
    y,
    { size: 8, colour: MUTED },
  );
  y = para(doc, `Benchmark source: ${summary.benchmarkSource}`, y + 3, { size: 8, colour: MUTED });

  y = heading(doc, 'Definitions', y + 10, 11);
  const { success, satisfied } = summary.definitions;
  y = para(doc, `Success ${success.version}: ${success.description}`, y, { size: 8.5 });
  y = para(doc, `Satisfied ${satisfied.version}: ${satisfied.description}`, y + 2, { size: 8.5 });
  y = para(
    doc,
    'Eligible: answered, or the window has closed; patients who died are left out, withdrawn and opted-out patients stay in. Rates are of evaluable responders, with a Wilson 95% confidence interval (CI). Bounds: the rate if every eligible non-responder had failed, and if every one had succeeded.',
    y + 2,
    { size: 8.5 },
  );

  y = heading(doc, 'Every time point', y + 10, 11);
  timepointTable(doc, y, summary.timepoints, summary.benchmarkTimepoint);
}

/** One measure at the benchmark time point: n, rate, Wilson CI, the dashboard's sentence, bounds. */
function measureBox(doc: Doc, box: Box, title: string, stat: RateStat, benchmark: number): number {
  const inner = { x: box.x + 9, width: box.width - 18 };
  let y = box.y + 8;
  y = para(doc, `${title} (benchmark ${pct(benchmark)})`, y, { ...inner, size: 10, bold: true });
  doc.font('Helvetica-Bold').fontSize(22).fillColor(stat.n === 0 ? MUTED : ACCENT).text(stat.n === 0 ? '–' : pct(stat.rate), inner.x, y + 3, { width: inner.width });
  y = doc.y;
  y = para(doc, `${stat.x} of n = ${stat.n} evaluable; 95% CI ${pctInterval(stat.ci95)} (Wilson)`, y, { ...inner, size: 9 });
  if (stat.insufficient) y = para(doc, 'Insufficient data (n < 20): too few for a firm rate.', y + 2, { ...inner, size: 8.5, colour: BAD, bold: true });
  y = para(doc, benchmarkSentence(stat, benchmark), y + 3, { ...inner, size: 8.5 });
  const bounds =
    stat.worstCase === null
      ? 'Loss-to-follow-up bounds: none, as nobody is eligible yet.'
      : `Loss-to-follow-up bounds: ${pct(stat.worstCase)} if every non-responder failed, ${pct(stat.bestCase)} if every one succeeded.`;
  y = para(doc, bounds, y + 3, {
    ...inner,
    size: 8,
    colour: MUTED,
  });
  doc.save().lineWidth(0.8).strokeColor('#c5ced8').roundedRect(box.x, box.y, box.width, y + 8 - box.y, 4).stroke().restore();
  return y + 8;
}

const COLUMNS: { title: string[]; width: number }[] = [
  { title: ['Time point'], width: 74 },
  { title: ['Eligible'], width: 42 },
  { title: ['Responded'], width: 50 },
  { title: ['Response', 'rate'], width: 46 },
  { title: ['Success', 'x/n · rate, 95% CI'], width: 96 },
  { title: ['Success', 'bounds'], width: 56 },
  { title: ['Satisfied', 'x/n · rate, 95% CI'], width: 96 },
  { title: ['Satisfied', 'bounds'], width: 56 },
];

function timepointTable(doc: Doc, top: number, timepoints: TimepointSummary[], benchmarkTimepoint: string): number {
  const row = (cells: string[][], y: number, bold: boolean, height: number, header = false): void => {
    let x = LEFT;
    cells.forEach((lines, i) => {
      lines.forEach((text, line) => {
        const small = line > 0 && !header;
        doc.font((bold && !small) || header ? 'Helvetica-Bold' : 'Helvetica').fontSize(small ? 7 : header ? 7.5 : 8).fillColor(small ? MUTED : INK);
        doc.text(text, x + 2, y + 3 + line * 10, { width: COLUMNS[i].width - 4, lineBreak: false, align: i === 0 ? 'left' : 'right' });
      });
      x += COLUMNS[i].width;
    });
    doc.lineWidth(0.4).strokeColor('#c5ced8').moveTo(LEFT, y + height).lineTo(LEFT + WIDTH, y + height).stroke();
  };
  doc.save().rect(LEFT, top, WIDTH, 24).fillColor('#eef2f6').fill().restore();
  // Seven time points (FOLLOW_UP_TIMEPOINTS up to 24m) take tighter rows, so page 1 keeps them all.
  const height = timepoints.length > 5 ? 21 : 24;
  let y = top;
  row(COLUMNS.map((c) => c.title), y, true, 24, true);
  y += 24;
  for (const tp of timepoints) {
    const postOp = tp.timepoint !== 'baseline';
    const role = tp.timepoint === benchmarkTimepoint ? 'benchmark' : postOp ? 'for tracking' : 'pre-op reference';
    const rate = (stat: RateStat): string[] =>
      postOp ? [`${stat.x}/${stat.n} · ${pct(stat.rate)}`, stat.ci95 ? `CI ${pctInterval(stat.ci95)}` : ''] : ['not applicable'];
    const bounds = (stat: RateStat): string[] => (postOp ? [stat.worstCase === null ? '–' : `${pct(stat.worstCase)}–${pct(stat.bestCase)}`] : ['']);
    row(
      [[TIMEPOINT_LABELS[tp.timepoint], role], [String(tp.eligible)], [String(tp.responded)], [pct(tp.responseRate)], rate(tp.success), bounds(tp.success), rate(tp.satisfaction), bounds(tp.satisfaction)],
      y,
      tp.timepoint === benchmarkTimepoint,
      height,
    );
    y += height;
  }
  return y;
}

function pageTwo(doc: Doc, report: OutcomesReport): void {
  const { funnel } = report;
  let y = heading(doc, `Funnel plot: success at ${TIMEPOINT_LABELS[funnel.timepoint]}, every surgeon of the clinic`, PAGE.margin, 12.5);
  const method =
    funnel.method === 'exact-binomial'
      ? `exact binomial limits (Spiegelhalter 2005); overdispersion not estimated${funnel.phi === null ? ' with fewer than 10 surgeons' : ''}`
      : `additive random-effects limits: phi = ${funnel.phi?.toFixed(2)}, tau2 = ${funnel.tau2.toFixed(4)}`;
  y = para(
    doc,
    `Each point is a surgeon's success rate (${funnel.definition.name} ${funnel.definition.version}) against their number of evaluable cases, around the benchmark ${pct(funnel.p0)}; k = ${funnel.k} surgeons with a case, ${method}. A surgeon is flagged only below the 99.8% limit. The funnel uses the report's filters except the surgeon.`,
    y,
    { size: 8.5, colour: MUTED },
  );
  if (funnel.k === 0) {
    y = para(doc, `No surgeon has an evaluable case at ${TIMEPOINT_LABELS[funnel.timepoint]} yet: there is nothing to plot.`, y + 12, { size: 10, bold: true });
    return;
  }
  drawFunnel(doc, { x: LEFT, y: y + 8, width: WIDTH, height: 270 }, funnel, report.highlightSurgeonId);
  drawFunnelLegend(doc, LEFT + 34, y + 8 + 270 + 6);
  y += 8 + 270 + 24;
  if (funnel.suppressed) {
    y = para(doc, `${funnel.suppressed} other surgeon${funnel.suppressed === 1 ? '' : 's'} with fewer than 10 evaluable cases not shown.`, y, { size: 8, colour: MUTED });
  }
  funnelTable(doc, y + 6, report);
}

function funnelTable(doc: Doc, top: number, report: OutcomesReport): void {
  const columns = [
    { title: 'Surgeon', width: 150 },
    { title: 'n', width: 40 },
    { title: 'Successes', width: 56 },
    { title: 'Rate', width: 46 },
    { title: '95% limits', width: 82 },
    { title: '99.8% limits', width: 82 },
    { title: 'Below 99.8%', width: 60 },
  ];
  const mine = (p: OutcomesReport['funnel']['points'][number]): boolean =>
    p.isCaller || (report.highlightSurgeonId !== null && p.surgeonId === report.highlightSurgeonId);
  const ordered = [...report.funnel.points].sort((a, b) => Number(mine(b)) - Number(mine(a)) || Number(b.flagged) - Number(a.flagged) || b.n - a.n);
  const shown = ordered.slice(0, FUNNEL_TABLE_ROWS);
  const exact = (value: number): string => `${(value * 100).toFixed(1)}%`;
  const cells = (p: (typeof shown)[number]): string[] => [
    p.label,
    String(p.n),
    String(p.x),
    pct(p.rate),
    p.n === 0 ? '–' : `${exact(p.lower95)}–${exact(p.upper95)}`,
    p.n === 0 ? '–' : `${exact(p.lower998)}–${exact(p.upper998)}`,
    p.flagged ? 'yes' : 'no',
  ];
  let y = top;
  const draw = (values: string[], bold: boolean, colour: string): void => {
    let x = LEFT;
    values.forEach((text, i) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8).fillColor(colour);
      doc.text(fit(doc, text, columns[i].width - 4), x + 2, y + 3, { width: columns[i].width - 4, lineBreak: false, align: i === 0 ? 'left' : 'right' });
      x += columns[i].width;
    });
    doc.lineWidth(0.4).strokeColor('#c5ced8').moveTo(LEFT, y + 14).lineTo(LEFT + 516, y + 14).stroke();
    y += 14;
  };
  draw(columns.map((c) => c.title), true, INK);
  for (const point of shown) draw(cells(point), mine(point), point.flagged ? BAD : INK);
  if (ordered.length > shown.length) para(doc, `and ${ordered.length - shown.length} more surgeons (the dashboard lists them all).`, y + 3, { size: 8, colour: MUTED });
}

function pageThree(doc: Doc, report: OutcomesReport): void {
  const { timepoints } = report.summary;
  let y = heading(doc, 'Leg pain (0–10) at each time point', PAGE.margin, 12.5);
  y = para(doc, 'Mean leg pain with its t 95% confidence interval; lower is better. The change is follow-up minus baseline, so an improvement is negative.', y, {
    size: 8.5,
    colour: MUTED,
  });
  if (timepoints.every((tp) => tp.legPain.mean === null)) {
    y = para(doc, 'No leg-pain answers yet.', y + 8, { size: 10, bold: true });
  } else {
    drawTrajectory(doc, { x: LEFT, y: y + 8, width: WIDTH, height: 200 }, timepoints);
    y += 8 + 200 + 8;
  }
  y = meansTable(doc, y + 4, timepoints);

  y = heading(doc, 'Walking distance before leg symptoms stop the patient', y + 16, 12.5);
  y = para(doc, 'Share of answers in each distance band at each time point; the numbers are patients.', y, { size: 8.5, colour: MUTED });
  y = drawWalking(doc, { x: LEFT, y: y + 8, width: WIDTH, height: 0 }, timepoints);

  y = heading(doc, 'How to read this report', y + 16, 11);
  const notes = [
    `The benchmark time point (${TIMEPOINT_LABELS[report.summary.benchmarkTimepoint]}) is the one compared with the published figures; earlier time points are shown for tracking recovery, not as a comparison, because the figures refer to longer follow-up.`,
    'Under 20 evaluable patients a rate is marked insufficient: its interval is too wide to compare with the benchmark. A shortfall is claimed only when the one-sided exact binomial test finds one (p at most 0.05).',
    'Every number here is the dashboard\'s, for the same filters at the same moment, and can be recomputed from the de-identified research export.',
  ];
  for (const note of notes) y = para(doc, `•  ${note}`, y + 2, { size: 8.5 });
}

function meansTable(doc: Doc, top: number, timepoints: TimepointSummary[]): number {
  const widths = [90, 110, 140, 176];
  let y = top;
  const draw = (values: string[], bold: boolean): void => {
    let x = LEFT;
    values.forEach((text, i) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8).fillColor(INK).text(text, x + 2, y + 3, { width: widths[i] - 4, lineBreak: false, align: i === 0 ? 'left' : 'right' });
      x += widths[i];
    });
    doc.lineWidth(0.4).strokeColor('#c5ced8').moveTo(LEFT, y + 14).lineTo(LEFT + WIDTH, y + 14).stroke();
    y += 14;
  };
  const interval = (ci: [number, number] | null): string => (ci ? `(${oneDecimal(ci[0])} to ${oneDecimal(ci[1])})` : '');
  draw(['Time point', 'Mean leg pain (95% CI)', 'Change from baseline (95% CI)', ''], true);
  for (const tp of timepoints) {
    const { mean, ci95, meanChange, changeCi95 } = tp.legPain;
    draw([TIMEPOINT_LABELS[tp.timepoint], `${oneDecimal(mean)} ${interval(ci95)}`, tp.timepoint === 'baseline' ? '' : `${oneDecimal(meanChange)} ${interval(changeCi95)}`, ''], false);
  }
  return y;
}

/** "Page X of Y" and the report's identity at the foot of every page, written once all pages exist. */
function footers(doc: Doc, report: OutcomesReport): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would start a new page: lift the margin while writing the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - 32;
    doc.lineWidth(0.5).strokeColor('#c5ced8').moveTo(LEFT, y - 6).lineTo(LEFT + WIDTH, y - 6).stroke();
    const identity = `${report.clinicName} · Outcomes report · ${report.cohortLabel} · printed ${clinicDate(report.printedAt, report.timezone)}`;
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text(fit(doc, identity, WIDTH - 90), LEFT, y, { width: WIDTH - 80, lineBreak: false });
    doc.text(`Page ${i - start + 1} of ${count}`, LEFT + WIDTH - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
