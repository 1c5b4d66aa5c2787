import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { FunnelView } from '@stride/contracts';
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { percent } from '../shared/labels';
import { ChartComponent } from './charts/chart.component';
import { PointLabel, pointLabelsPlugin } from './charts/chart-plugins';
import { PALETTE } from './charts/chart-setup';
import { funnelLimitCurve, niceMaxN } from '@stride/outcomes';

type ScatterConfig = ChartConfiguration<'scatter'>;
type Dataset = ChartDataset<'scatter'> & { legendHidden?: boolean };

const LIMIT_998 = '#3e4c59';
const LIMIT_95 = '#7b8794';
const POINT = '#243b53';
const CALLER = '#d97706';

/**
 * The funnel plot: each surgeon's rate against their number of evaluable cases, with the benchmark p0
 * and the 95% and 99.8% control limits drawn at every whole n (DESIGN.md "Funnel v2"). The shaded zone
 * under the lower 99.8% limit is where a surgeon is flagged.
 */
@Component({
  selector: 'stride-funnel-chart',
  imports: [ChartComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<stride-chart [config]="config()" [label]="label()" [height]="440" />`,
})
export class FunnelChartComponent {
  readonly funnel = input.required<FunnelView>();
  /** "Success" or "Satisfaction", for the axis. */
  readonly measureLabel = input.required<string>();

  protected readonly label = computed(() => {
    const f = this.funnel();
    const plotted = f.points.filter((p) => p.rate !== null);
    const flagged = plotted.filter((p) => p.flagged).length;
    return `Funnel plot of ${plotted.length} surgeons' ${this.measureLabel().toLowerCase()} rate against evaluable cases, benchmark ${percent(f.p0)}; ${flagged} flagged below the 99.8% limit. The table below lists every point.`;
  });

  protected readonly config = computed<ScatterConfig>(() => {
    const f = this.funnel();
    const plotted = f.points.filter((p) => p.rate !== null);
    const maxN = niceMaxN(Math.max(0, ...plotted.map((p) => p.n)));
    const curve = funnelLimitCurve(f, maxN);
    const lowestShown = Math.min(f.p0 - 0.3, ...plotted.map((p) => (p.rate ?? 1) - 0.05), ...plotted.map((p) => p.lower998 - 0.03));
    const yMin = Math.max(0, Math.floor(lowestShown * 10) / 10);

    const line = (label: string, color: string, data: { x: number; y: number }[], extra: Partial<Dataset> = {}): Dataset => ({
      type: 'scatter',
      label,
      data,
      showLine: true,
      borderColor: color,
      backgroundColor: color,
      borderWidth: 1.75,
      pointRadius: 0,
      pointHoverRadius: 0,
      pointHitRadius: 0,
      pointStyle: 'line',
      ...extra,
    });
    const others = plotted.filter((p) => !p.isCaller);
    const callers = plotted.filter((p) => p.isCaller);
    const xy = (p: (typeof plotted)[number]): { x: number; y: number } => ({ x: p.n, y: p.rate ?? 0 });

    const datasets: Dataset[] = [
      line('99.8% limits (flagged below the lower)', LIMIT_998, curve.map((c) => ({ x: c.n, y: c.lower998 })), {
        fill: 'start',
        backgroundColor: PALETTE.badSoft,
      }),
      line('99.8% upper', LIMIT_998, curve.map((c) => ({ x: c.n, y: c.upper998 })), { legendHidden: true }),
      line('95% limits', LIMIT_95, curve.map((c) => ({ x: c.n, y: c.lower95 })), { borderDash: [6, 4] }),
      line('95% upper', LIMIT_95, curve.map((c) => ({ x: c.n, y: c.upper95 })), { borderDash: [6, 4], legendHidden: true }),
      line(`Benchmark p0 = ${percent(f.p0)}`, PALETTE.primary, [{ x: 0, y: f.p0 }, { x: maxN, y: f.p0 }], { borderWidth: 2.5 }),
      {
        type: 'scatter',
        label: 'Surgeon',
        data: others.filter((p) => !p.flagged).map(xy),
        backgroundColor: POINT,
        borderColor: '#fff',
        borderWidth: 1.5,
        pointRadius: 7,
        pointHoverRadius: 8,
      },
      {
        type: 'scatter',
        label: 'Flagged: below the 99.8% limit',
        data: others.filter((p) => p.flagged).map(xy),
        backgroundColor: PALETTE.bad,
        borderColor: '#fff',
        borderWidth: 1.5,
        pointRadius: 7,
        pointHoverRadius: 8,
      },
    ];
    if (callers.length > 0) {
      datasets.push({
        type: 'scatter',
        label: callers[0].flagged ? `${callers[0].label} (flagged)` : callers[0].label,
        data: callers.map(xy),
        pointStyle: 'rectRot',
        backgroundColor: callers[0].flagged ? PALETTE.bad : CALLER,
        borderColor: '#1f2933',
        borderWidth: 2,
        pointRadius: 10,
        pointHoverRadius: 11,
      });
    }

    const pointSets: { datasetIndex: number; points: typeof plotted }[] = [
      { datasetIndex: 5, points: others.filter((p) => !p.flagged) },
      { datasetIndex: 6, points: others.filter((p) => p.flagged) },
      { datasetIndex: 7, points: callers },
    ];
    // With a handful of surgeons each label carries x/n too; with more, the table has the counts.
    const brief = plotted.length > 6;
    const labels: PointLabel[] = pointSets.flatMap(({ datasetIndex, points }) =>
      points.map((p, index) => ({
        datasetIndex,
        index,
        text: brief ? `${p.label} ${percent(p.rate)}` : `${p.label} ${percent(p.rate)} (${p.x}/${p.n})`,
        color: p.flagged ? PALETTE.bad : PALETTE.text,
        bold: p.flagged || p.isCaller,
        priority: p.flagged || p.isCaller,
      })),
    );
    // The tooltip finds its surgeon by dataset and index.
    const byName = new Map(pointSets.flatMap(({ datasetIndex, points }) => points.map((p, i) => [`${datasetIndex}:${i}`, p])));

    return {
      type: 'scatter',
      data: { datasets },
      plugins: [pointLabelsPlugin<'scatter'>(labels)],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { top: 12, right: 8 } },
        scales: {
          x: {
            type: 'linear',
            min: 0,
            max: maxN,
            title: { display: true, text: 'Evaluable cases per surgeon (n)', font: { size: 13, weight: 600 } },
            grid: { color: PALETTE.grid },
          },
          y: {
            type: 'linear',
            min: yMin,
            max: 1,
            title: { display: true, text: `${this.measureLabel()} rate`, font: { size: 13, weight: 600 } },
            ticks: { callback: (value) => percent(Number(value)), stepSize: 0.1 },
            grid: { color: PALETTE.grid },
          },
        },
        plugins: {
          legend: {
            position: 'bottom',
            labels: {
              usePointStyle: true,
              padding: 16,
              filter: (item, data) => !(data.datasets[item.datasetIndex ?? 0] as Dataset).legendHidden,
            },
          },
          tooltip: {
            filter: (item) => item.datasetIndex >= 5,
            callbacks: {
              label: (item) => {
                const p = byName.get(`${item.datasetIndex}:${item.dataIndex}`);
                if (!p) return '';
                return [
                  `${p.label}: ${percent(p.rate, 1)} (${p.x}/${p.n})`,
                  `95% limits ${percent(p.lower95, 1)}–${percent(p.upper95, 1)}`,
                  `99.8% limits ${percent(p.lower998, 1)}–${percent(p.upper998, 1)}`,
                ];
              },
            },
          },
        },
      },
    };
  });
}
