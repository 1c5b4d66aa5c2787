import { TIMEPOINT_LABELS, type FunnelView, type TimepointSummary } from '@stride/contracts';
import { BUILT_IN_ITEMS, funnelLimitCurve, niceMaxN } from '@stride/outcomes';
import { oneDecimal, pct } from './report-model';

type Doc = PDFKit.PDFDocument;
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const INK = '#1a1a1a';
export const MUTED = '#5b6470';
export const ACCENT = '#0b4f85';
export const BAD = '#a8231a';
const GRID = '#d9dee4';
const LIMIT_95 = '#6f8fae';
/** The dashboard's walking-bin colours, light (< 50 m) to dark (> 2 km). */
const BIN_COLOURS = ['#dbe8f3', '#a9c8e3', '#6fa2cc', '#3677ad', '#0b4f85'];
const WALKING_LABELS = (BUILT_IN_ITEMS.find((item) => item.id === 'walkingDistance')?.labels.en ?? []).map((l) => l.label);

/** `text` cut to `width` at the current font and size, ending in an ellipsis when cut (pdfkit would wrap it). */
export function fit(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let end = text.length;
  while (end > 0 && doc.widthOfString(`${text.slice(0, end)}…`) > width) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** Small text that never wraps and never starts a page. */
function label(doc: Doc, text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions & { size?: number; colour?: string } = {}): void {
  const { size = 7.5, colour = MUTED, ...rest } = options;
  doc.fontSize(size).fillColor(colour).text(text, x, y, { lineBreak: false, ...rest });
}

/**
 * The funnel at the benchmark time point, as vector graphics: every surgeon's point at (n, rate), the
 * benchmark line, and the 95% and 99.8% limit curves from the same library function the portal draws
 * (funnelLimitCurve), drawn through every whole n.
 */
export function drawFunnel(doc: Doc, box: Box, funnel: FunnelView, highlightSurgeonId: string | null): void {
  const withRate = funnel.points.filter((p) => p.rate !== null);
  const maxN = niceMaxN(Math.max(0, ...funnel.points.map((p) => p.n)));
  const curve = funnelLimitCurve(funnel, maxN);
  // The y axis starts at a round tenth below the lowest point and its 99.8% limit: the curve's mouth at
  // a handful of cases reaches 0 and would squash the part where the surgeons are (it is clipped instead).
  const lowest = Math.min(funnel.p0 - 0.1, ...withRate.flatMap((p) => [p.rate as number, p.lower998]));
  const yMin = Math.max(0, Math.floor(lowest * 10) / 10);
  const plot = { x: box.x + 34, y: box.y + 4, width: box.width - 44, height: box.height - 30 };
  const xAt = (n: number): number => plot.x + (n / maxN) * plot.width;
  const yAt = (rate: number): number => plot.y + ((1 - rate) / (1 - yMin)) * plot.height;

  doc.save().lineWidth(0.5).strokeColor(GRID);
  for (let r = yMin; r <= 1.0001; r += 0.1) {
    doc.moveTo(plot.x, yAt(r)).lineTo(plot.x + plot.width, yAt(r)).stroke();
    label(doc, pct(r), box.x, yAt(r) - 3, { width: 30, align: 'right' });
  }
  const step = maxN / 5;
  for (let n = 0; n <= maxN; n += step) {
    doc.moveTo(xAt(n), plot.y + plot.height).lineTo(xAt(n), plot.y + plot.height + 3).stroke();
    label(doc, String(n), xAt(n) - 15, plot.y + plot.height + 5, { width: 30, align: 'center' });
  }
  label(doc, `Evaluable cases at ${TIMEPOINT_LABELS[funnel.timepoint]} (n)`, plot.x, plot.y + plot.height + 15, { width: plot.width, align: 'center' });
  doc.restore();

  doc.save().rect(plot.x, plot.y, plot.width, plot.height).clip();
  const line = (pick: (c: (typeof curve)[number]) => number, colour: string, dashed: boolean): void => {
    doc.lineWidth(dashed ? 0.8 : 1).strokeColor(colour);
    if (dashed) doc.dash(3, { space: 2 });
    curve.forEach((c, i) => (i === 0 ? doc.moveTo(xAt(c.n), yAt(pick(c))) : doc.lineTo(xAt(c.n), yAt(pick(c)))));
    doc.stroke().undash();
  };
  line((c) => c.lower998, BAD, false);
  line((c) => c.upper998, BAD, false);
  line((c) => c.lower95, LIMIT_95, true);
  line((c) => c.upper95, LIMIT_95, true);
  doc.lineWidth(1.2).strokeColor(INK).moveTo(plot.x, yAt(funnel.p0)).lineTo(plot.x + plot.width, yAt(funnel.p0)).stroke();
  for (const point of withRate) {
    const mine = point.isCaller || (highlightSurgeonId !== null && point.surgeonId === highlightSurgeonId);
    const colour = point.flagged ? BAD : mine ? ACCENT : '#8a939e';
    doc.circle(xAt(point.n), yAt(point.rate as number), mine ? 4 : 3).fillColor(colour).fill();
  }
  doc.restore();
  doc.save().lineWidth(0.8).strokeColor(MUTED).rect(plot.x, plot.y, plot.width, plot.height).stroke().restore();
  // Names beside the points only where few enough to read; the table below the chart has them all.
  for (const point of withRate) {
    const mine = point.isCaller || (highlightSurgeonId !== null && point.surgeonId === highlightSurgeonId);
    if (withRate.length > 8 && !mine && !point.flagged) continue;
    label(doc, fit(doc.fontSize(7), point.label, 110), xAt(point.n) + 6, yAt(point.rate as number) - 3, { colour: mine ? ACCENT : MUTED, size: 7 });
  }
}

/** Legend line for the funnel: what each mark means. */
export function drawFunnelLegend(doc: Doc, x: number, y: number): void {
  const items: [string, (at: number) => void][] = [
    ['Benchmark', (at) => doc.lineWidth(1.2).strokeColor(INK).moveTo(at, y + 3).lineTo(at + 16, y + 3).stroke()],
    ['95% limits', (at) => doc.lineWidth(0.8).strokeColor(LIMIT_95).dash(3, { space: 2 }).moveTo(at, y + 3).lineTo(at + 16, y + 3).stroke().undash()],
    ['99.8% limits (alarm)', (at) => doc.lineWidth(1).strokeColor(BAD).moveTo(at, y + 3).lineTo(at + 16, y + 3).stroke()],
    ['This report\'s surgeon', (at) => doc.circle(at + 8, y + 3, 4).fillColor(ACCENT).fill()],
    ['Other surgeon', (at) => doc.circle(at + 8, y + 3, 3).fillColor('#8a939e').fill()],
    ['Below 99.8%', (at) => doc.circle(at + 8, y + 3, 3).fillColor(BAD).fill()],
  ];
  let at = x;
  for (const [text, mark] of items) {
    doc.save();
    mark(at);
    doc.restore();
    label(doc, text, at + 20, y);
    at += 20 + doc.fontSize(7.5).widthOfString(text) + 12;
  }
}

/**
 * Mean leg pain (0-10) at each time point with its t 95% interval as a whisker, joined in time
 * order; n under each time point. A time point without answers leaves a gap.
 */
export function drawTrajectory(doc: Doc, box: Box, timepoints: TimepointSummary[]): void {
  const plot = { x: box.x + 34, y: box.y + 4, width: box.width - 44, height: box.height - 34 };
  const slot = plot.width / timepoints.length;
  const xAt = (i: number): number => plot.x + slot * (i + 0.5);
  const yAt = (v: number): number => plot.y + (1 - v / 10) * plot.height;
  doc.save().lineWidth(0.5).strokeColor(GRID);
  for (let v = 0; v <= 10; v += 2) {
    doc.moveTo(plot.x, yAt(v)).lineTo(plot.x + plot.width, yAt(v)).stroke();
    label(doc, String(v), box.x, yAt(v) - 3, { width: 30, align: 'right' });
  }
  doc.restore();
  doc.save().lineWidth(0.8).strokeColor(MUTED).rect(plot.x, plot.y, plot.width, plot.height).stroke().restore();
  timepoints.forEach((tp, i) => {
    label(doc, TIMEPOINT_LABELS[tp.timepoint], xAt(i) - slot / 2, plot.y + plot.height + 5, { width: slot, align: 'center', colour: INK });
    const n = tp.legPain.mean === null ? 0 : tp.responded;
    label(doc, tp.legPain.mean === null ? 'no answers' : `n = ${n}`, xAt(i) - slot / 2, plot.y + plot.height + 15, { width: slot, align: 'center' });
  });
  doc.save().lineWidth(1.4).strokeColor(ACCENT);
  let drawing = false;
  timepoints.forEach((tp, i) => {
    if (tp.legPain.mean === null) {
      drawing = false;
      return;
    }
    if (drawing) doc.lineTo(xAt(i), yAt(tp.legPain.mean));
    else doc.moveTo(xAt(i), yAt(tp.legPain.mean));
    drawing = true;
  });
  doc.stroke();
  timepoints.forEach((tp, i) => {
    const { mean, ci95 } = tp.legPain;
    if (mean === null) return;
    if (ci95) {
      const [lo, hi] = [Math.max(0, ci95[0]), Math.min(10, ci95[1])];
      doc.lineWidth(1).strokeColor(ACCENT).moveTo(xAt(i), yAt(lo)).lineTo(xAt(i), yAt(hi)).stroke();
      doc.moveTo(xAt(i) - 4, yAt(lo)).lineTo(xAt(i) + 4, yAt(lo)).moveTo(xAt(i) - 4, yAt(hi)).lineTo(xAt(i) + 4, yAt(hi)).stroke();
    }
    doc.circle(xAt(i), yAt(mean), 3.2).fillColor(ACCENT).fill();
    label(doc, oneDecimal(mean), xAt(i) + 7, yAt(mean) - 9, { colour: INK, size: 7 });
  });
  doc.restore();
}

/** The walking-distance bins at each time point as 100% stacked bars, with each bin's count. */
export function drawWalking(doc: Doc, box: Box, timepoints: TimepointSummary[]): number {
  const labelWidth = 62;
  const countWidth = 40;
  const barHeight = 15;
  const gap = 7;
  const barX = box.x + labelWidth;
  const barWidth = box.width - labelWidth - countWidth;
  let y = box.y;
  for (const tp of timepoints) {
    const total = tp.walkingDistance.bins.reduce((a, b) => a + b, 0);
    label(doc, TIMEPOINT_LABELS[tp.timepoint], box.x, y + 4, { colour: INK, size: 8.5 });
    if (total === 0) {
      doc.save().lineWidth(0.5).strokeColor(GRID).rect(barX, y, barWidth, barHeight).stroke().restore();
      label(doc, 'no answers yet', barX + 6, y + 4);
    } else {
      let x = barX;
      tp.walkingDistance.bins.forEach((count, bin) => {
        const width = (count / total) * barWidth;
        if (width <= 0) return;
        doc.save().rect(x, y, width, barHeight).fillColor(BIN_COLOURS[bin]).fill().restore();
        if (width >= 16) label(doc, String(count), x, y + 4, { width, align: 'center', colour: bin >= 3 ? '#ffffff' : INK, size: 7.5 });
        x += width;
      });
    }
    label(doc, `n = ${total}`, barX + barWidth + 6, y + 4, { colour: INK, size: 8 });
    y += barHeight + gap;
  }
  let x = barX;
  WALKING_LABELS.forEach((text, bin) => {
    doc.save().rect(x, y + 2, 9, 9).fillColor(BIN_COLOURS[bin]).fill().lineWidth(0.4).strokeColor(MUTED).rect(x, y + 2, 9, 9).stroke().restore();
    label(doc, text, x + 12, y + 3);
    x += 12 + doc.fontSize(7.5).widthOfString(text) + 12;
  });
  return y + 16;
}
