import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunnelView, TimepointSummary } from '@stride/contracts';
import { SATISFIED_V1, SUCCESS_V1, funnelV2, meanStatFromMoments, rateStat } from '@stride/outcomes';
import { renderOutcomesReport } from './outcomes-report.pdf';
import type { OutcomesReport } from './report-model';

/** pdfkit writes every page object uncompressed and without object streams, so pages can be counted. */
const pageCount = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

function timepoint(timepoint: TimepointSummary['timepoint'], n: number): TimepointSummary {
  const x = Math.round(n * 0.7);
  const postOp = timepoint !== 'baseline';
  const stat = (benchmark: number) => rateStat({ x: postOp ? x : 0, n: postOp ? n : 0, eligible: n + 9, responded: n + 2, benchmark });
  return {
    timepoint,
    eligible: n + 9,
    responded: n + 2,
    responseRate: (n + 2) / (n + 9),
    success: stat(0.85),
    satisfaction: stat(0.9),
    legPain: meanStatFromMoments({ n, sum: n * 4, sumSquares: n * 20 }, postOp ? { n, sum: -n * 3, sumSquares: n * 13 } : { n: 0, sum: 0, sumSquares: 0 }),
    walkingDistance: { bins: [3, 5, 8, 6, n - 22 > 0 ? n - 22 : 1] },
    deceased: 1,
    stopped: { withdrawn: 2, optedOut: 1 },
  };
}

function report(timepoints: TimepointSummary['timepoint'][], surgeons: number): OutcomesReport {
  const funnel = funnelV2(Array.from({ length: surgeons }, (_, i) => ({ surgeonId: `s${i}`, x: 8 + (i % 7), n: 14 + (i % 9) })), 0.85);
  const benchmarkTimepoint = timepoints[timepoints.length - 1];
  const view: FunnelView = {
    timepoint: benchmarkTimepoint,
    measure: 'success',
    definition: { name: SUCCESS_V1.name, version: SUCCESS_V1.version, description: SUCCESS_V1.description },
    p0: funnel.p0,
    k: funnel.k,
    phi: funnel.phi,
    tau2: funnel.tau2,
    method: funnel.method,
    points: funnel.points.map((p, i) => ({ ...p, label: `Dr. Surgeon with a rather long name number ${i + 1}`, isCaller: i === 0 })),
  };
  return {
    clinicName: 'The Longest Possible Name Of A Regional Spine And Orthopaedic Surgery Clinic Of The Valley',
    printedAt: new Date('2026-11-24T15:00:00Z'),
    timezone: 'America/New_York',
    role: 'admin',
    cohortLabel: 'Whole clinic (every surgeon)',
    latestResponseAt: new Date('2026-11-23T17:00:00Z'),
    filterLines: ['procedure: endoscopic decompression', 'surgery dates: 2025-01-01 to 2026-12-31', 'age at surgery: 70-79'],
    summary: {
      definitions: {
        success: { name: SUCCESS_V1.name, version: SUCCESS_V1.version, description: SUCCESS_V1.description },
        satisfied: { name: SATISFIED_V1.name, version: SATISFIED_V1.version, description: SATISFIED_V1.description },
      },
      benchmarks: { success: 0.85, satisfaction: 0.9 },
      benchmarkTimepoint,
      benchmarkSource: 'A'.repeat(20) + ' long citation of the study the clinic compares with, its journal, year, follow-up and doi. '.repeat(5),
      filters: {},
      timepoints: (['baseline', ...timepoints] as const).map((t, i) => timepoint(t, i === timepoints.length ? 12 : 40 + i * 10)),
    },
    funnel: view,
    highlightSurgeonId: null,
  };
}

describe(renderOutcomesReport.name, () => {
  it('stays three pages with every follow-up configured, 40 surgeons and the longest texts allowed', async () => {
    const pdf = await renderOutcomesReport(report(['2w', '6w', '3m', '6m', '12m', '24m'], 40));
    // REPORT_PDF_DIR=dir keeps it, to look at the layout (pdftoppm -png -r 60).
    if (process.env['REPORT_PDF_DIR']) writeFileSync(join(process.env['REPORT_PDF_DIR'], 'stress.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(3);
  });

  it('stays three pages with a single follow-up and one surgeon', async () => {
    expect(pageCount(await renderOutcomesReport(report(['6m'], 1)))).toBe(3);
  });
});
