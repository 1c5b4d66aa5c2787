import { ScrollRegionDirective } from '../shared/scroll-region.directive';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TimepointSummary } from '@stride/contracts';
import type { ChartConfiguration } from 'chart.js';
import { TIMEPOINT_LABELS, WALKING_BINS_SHORT } from '../shared/labels';
import { ChartComponent } from './charts/chart.component';
import { segmentLabelsPlugin } from './charts/chart-plugins';
import { PALETTE } from './charts/chart-setup';

type BarConfig = ChartConfiguration<'bar', (number | null)[], string[]>;

const total = (tp: TimepointSummary): number => tp.walkingDistance.bins.reduce((a, b) => a + b, 0);
const share = (count: number, of: number): string => `${Math.round((100 * count) / of)}%`;

/** The distribution over the five walking-distance bins at each time point, as 100% stacked bars. */
@Component({
  selector: 'stride-walking-chart',
  imports: [ChartComponent, ScrollRegionDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './charts/chart-figure.css',
  template: `
    <figure>
      <stride-chart [config]="config()" [label]="label()" [height]="300" />
      <figcaption>
        How far patients can walk before leg symptoms stop them: share of those who answered at each time point
        (n under each bar), in the five ordered bins; darker is further.
      </figcaption>
    </figure>
    <details>
      <summary>Walking distance as a table</summary>
      <div class="table-wrap" strideScrollRegion="Walking distance data, scrolls sideways">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Time point</th>
              <th scope="col" class="num">n</th>
              @for (bin of bins; track $index) {
                <th scope="col" class="num">{{ bin }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.timepoint) {
              <tr>
                <th scope="row">{{ row.timepoint }}</th>
                <td class="num">{{ row.n }}</td>
                @for (cell of row.cells; track $index) {
                  <td class="num">{{ cell }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
    </details>
  `,
})
export class WalkingChartComponent {
  readonly timepoints = input.required<TimepointSummary[]>();

  protected readonly bins = WALKING_BINS_SHORT;

  protected readonly rows = computed(() =>
    this.timepoints().map((tp) => {
      const n = total(tp);
      return {
        timepoint: TIMEPOINT_LABELS[tp.timepoint],
        n,
        cells: tp.walkingDistance.bins.map((count) => (n > 0 ? `${count} (${share(count, n)})` : '–')),
      };
    }),
  );

  protected readonly label = computed(() => {
    const last = [...this.timepoints()].reverse().find((tp) => total(tp) > 0);
    if (!last) return 'Walking distance by time point: no answers yet.';
    const first = this.timepoints().find((tp) => total(tp) > 0) ?? last;
    const farShare = (tp: TimepointSummary): string => share(tp.walkingDistance.bins[3] + tp.walkingDistance.bins[4], total(tp));
    return `Walking distance by time point, stacked shares of five bins. 1 km or more: ${farShare(first)} at ${TIMEPOINT_LABELS[first.timepoint]}, ${farShare(last)} at ${TIMEPOINT_LABELS[last.timepoint]}. The table below has every bin.`;
  });

  protected readonly config = computed<BarConfig>(() => {
    const tps = this.timepoints();
    return {
      type: 'bar',
      data: {
        labels: tps.map((tp) => [TIMEPOINT_LABELS[tp.timepoint], `n = ${total(tp)}`]),
        datasets: WALKING_BINS_SHORT.map((bin, i) => ({
          label: bin,
          data: tps.map((tp) => (total(tp) > 0 ? (100 * tp.walkingDistance.bins[i]) / total(tp) : null)),
          backgroundColor: PALETTE.bins[i],
          borderColor: '#ffffff',
          borderWidth: { top: 1 },
          maxBarThickness: 72,
        })),
      },
      plugins: [segmentLabelsPlugin<'bar'>(['#1f2933', '#1f2933', '#1f2933', '#ffffff', '#ffffff'])],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { top: 12 } },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { font: { size: 12 } } },
          y: {
            stacked: true,
            min: 0,
            max: 100,
            ticks: { stepSize: 25, callback: (v) => `${v}%` },
            title: { display: true, text: 'Share of responders', font: { size: 13, weight: 600 } },
          },
        },
        plugins: {
          legend: { position: 'top', align: 'start', labels: { boxWidth: 14 } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const tp = tps[item.dataIndex];
                const count = tp.walkingDistance.bins[item.datasetIndex];
                return `${WALKING_BINS_SHORT[item.datasetIndex]}: ${count} of ${total(tp)} (${share(count, total(tp))})`;
              },
            },
          },
        },
      },
    };
  });
}
