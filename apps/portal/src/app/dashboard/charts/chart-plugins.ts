import type { Chart, ChartType, Plugin } from 'chart.js';

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export interface PointLabel {
  datasetIndex: number;
  index: number;
  text: string;
  color?: string;
  bold?: boolean;
  /** Always drawn, and placed first: the caller's point, flagged points. Others are left off when no space is free. */
  priority?: boolean;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlap = (a: Box, b: Box): number =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

/**
 * Text beside chosen points, so a printed or photographed chart names its points without tooltips.
 * Each label tries places around its point and takes the first that overlaps no other label or point
 * and stays inside the plot area. A label with no free place is left off (the chart's table lists every
 * point), unless it has priority, when it takes the least crowded place.
 */
export function pointLabelsPlugin<T extends ChartType>(labels: readonly PointLabel[], prefer: 'right' | 'above' = 'right'): Plugin<T> {
  const ordered = [...labels].sort((a, b) => Number(!!b.priority) - Number(!!a.priority));
  return {
    id: 'stridePointLabels',
    afterDatasetsDraw(chart: Chart<T>): void {
      const { ctx, chartArea } = chart;
      const h = 15;
      const gap = 9;
      const located = ordered.flatMap((label) => {
        const el = chart.getDatasetMeta(label.datasetIndex).data[label.index];
        if (!el || Number.isNaN(el.x) || Number.isNaN(el.y)) return [];
        const r = Number((el.options as { radius?: number } | undefined)?.radius ?? 4) + 2;
        return [{ label, x: el.x, y: el.y, marker: { x: el.x - r, y: el.y - r, w: 2 * r, h: 2 * r } }];
      });
      const placed: Box[] = [];
      ctx.save();
      ctx.textBaseline = 'middle';
      for (const { label, x, y, marker } of located) {
        ctx.font = `${label.bold ? '700' : '500'} 13px ${FONT}`;
        const w = ctx.measureText(label.text).width;
        const right = (dy: number): Box => ({ x: x + gap, y: y - h / 2 + dy, w, h });
        const left = (dy: number): Box => ({ x: x - gap - w, y: y - h / 2 + dy, w, h });
        const above: Box = { x: x - w / 2, y: y - gap - h, w, h };
        const below: Box = { x: x - w / 2, y: y + gap, w, h };
        const near = prefer === 'above' ? [above, below, right(0), left(0)] : [right(0), left(0), above, below];
        const candidates = [...near, right(-h), right(h), left(-h), left(h), right(-2 * h), right(2 * h), left(-2 * h), left(2 * h)];
        const others = located.filter((o) => o.marker !== marker).map((o) => o.marker);
        // A label may reach a little above the plot area (into the chart's top padding), so points at 100% keep theirs.
        const inside = (b: Box): boolean =>
          b.x >= chartArea.left && b.x + b.w <= chartArea.right && b.y >= chartArea.top - 10 && b.y + b.h <= chartArea.bottom;
        const crowding = (b: Box): number =>
          [...placed, ...others].reduce((sum, o) => sum + overlap({ x: b.x - 3, y: b.y - 2, w: b.w + 6, h: b.h + 4 }, o), 0);
        const fits = candidates.filter(inside);
        let box = fits.find((b) => crowding(b) === 0);
        if (!box && label.priority) box = [...(fits.length ? fits : candidates)].sort((a, b) => crowding(a) - crowding(b))[0];
        if (!box) continue;
        placed.push(box);
        // A pale plate under the text keeps it legible where it crosses a limit line or gridline.
        ctx.fillStyle = 'rgba(255, 255, 255, 0.88)';
        ctx.beginPath();
        ctx.roundRect(box.x - 3, box.y - 1, box.w + 6, box.h + 2, 3);
        ctx.fill();
        ctx.fillStyle = label.color ?? '#1f2933';
        ctx.fillText(label.text, box.x, box.y + h / 2);
      }
      ctx.restore();
    },
  };
}

/**
 * The share of each stacked segment written inside it, when the segment is tall enough to hold it.
 * `textColors[datasetIndex]` keeps the text readable on light and dark fills.
 */
export function segmentLabelsPlugin<T extends ChartType>(textColors: readonly string[], minHeight = 16): Plugin<T> {
  return {
    id: 'strideSegmentLabels',
    afterDatasetsDraw(chart: Chart<T>): void {
      const { ctx } = chart;
      ctx.save();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.font = `600 12px ${FONT}`;
      chart.data.datasets.forEach((dataset, datasetIndex) => {
        const meta = chart.getDatasetMeta(datasetIndex);
        if (meta.hidden) return;
        meta.data.forEach((el, index) => {
          const value = dataset.data[index];
          if (typeof value !== 'number' || value <= 0) return;
          const { y, base } = el.getProps(['y', 'base'], true) as { y: number; base: number };
          if (Math.abs(base - y) < minHeight) return;
          ctx.fillStyle = textColors[datasetIndex] ?? '#1f2933';
          ctx.fillText(`${Math.round(value)}%`, el.x, (y + base) / 2);
        });
      });
      ctx.restore();
    },
  };
}
