import { ScrollRegionDirective } from '../shared/scroll-region.directive';
import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TimepointSummary } from '@stride/contracts';
import type { ChartConfiguration } from 'chart.js';
import { TIMEPOINT_LABELS } from '../shared/labels';
import { ChartComponent } from './charts/chart.component';
import { PointLabel, pointLabelsPlugin } from './charts/chart-plugins';
import { PALETTE } from './charts/chart-setup';

type LineConfig = ChartConfiguration<'line', (number | null)[], string[]>;

const MEAN_DATASET = 2;

/** Mean leg pain by time point, its t 95% CI as a band, and n on the axis; the numbers in a table below. */
@Component({
  selector: 'stride-leg-pain-chart',
  imports: [DecimalPipe, ChartComponent, ScrollRegionDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './charts/chart-figure.css',
  template: `
    <figure>
      <stride-chart [config]="config()" [label]="label()" [height]="300" />
      <figcaption>
        Mean leg pain (NRS 0–10; lower is better) with its t-based 95% CI (shaded). n under each time point is the number
        who answered then; the patients differ between time points, so this is not a paired comparison (the cards give
        the paired change from baseline).
      </figcaption>
    </figure>
    <details>
      <summary>Leg pain as a table</summary>
      <div class="table-wrap" strideScrollRegion="Leg pain data, scrolls sideways">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Time point</th>
              <th scope="col" class="num">n</th>
              <th scope="col" class="num">Mean</th>
              <th scope="col" class="num">95% CI</th>
              <th scope="col" class="num">Change from baseline (95% CI)</th>
            </tr>
          </thead>
          <tbody>
            @for (tp of timepoints(); track tp.timepoint) {
              <tr>
                <th scope="row">{{ labels[tp.timepoint] }}</th>
                <td class="num">{{ tp.responded }}</td>
                <td class="num">{{ tp.legPain.mean === null ? '–' : (tp.legPain.mean | number: '1.1-1') }}</td>
                <td class="num">
                  @if (tp.legPain.ci95; as ci) { {{ ci[0] | number: '1.1-1' }} to {{ ci[1] | number: '1.1-1' }} } @else { – }
                </td>
                <td class="num">
                  @if (tp.legPain.meanChange !== null) {
                    {{ tp.legPain.meanChange | number: '1.1-1' }}
                    @if (tp.legPain.changeCi95; as ci) { ({{ ci[0] | number: '1.1-1' }} to {{ ci[1] | number: '1.1-1' }}) }
                  } @else { – }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </details>
  `,
})
export class LegPainChartComponent {
  readonly timepoints = input.required<TimepointSummary[]>();

  protected readonly labels = TIMEPOINT_LABELS;

  protected readonly label = computed(() => {
    const parts = this.timepoints()
      .filter((tp) => tp.legPain.mean !== null)
      .map((tp) => `${TIMEPOINT_LABELS[tp.timepoint]} ${tp.legPain.mean?.toFixed(1)} (n = ${tp.responded})`);
    return `Mean leg pain by time point: ${parts.join(', ') || 'no answers yet'}. The table below has the confidence intervals.`;
  });

  protected readonly config = computed<LineConfig>(() => {
    const tps = this.timepoints();
    const means = tps.map((tp) => tp.legPain.mean);
    const meanLabels: PointLabel[] = means.flatMap((mean, index) =>
      mean === null ? [] : [{ datasetIndex: MEAN_DATASET, index, text: mean.toFixed(1), color: PALETTE.primary, bold: true }],
    );
    const band = { borderWidth: 0, pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0, spanGaps: false };
    return {
      type: 'line',
      data: {
        labels: tps.map((tp) => [TIMEPOINT_LABELS[tp.timepoint], `n = ${tp.responded}`]),
        datasets: [
          { ...band, label: '95% CI (t)', data: tps.map((tp) => tp.legPain.ci95?.[1] ?? null), fill: '+1', backgroundColor: PALETTE.primarySoft },
          { ...band, label: 'CI lower', data: tps.map((tp) => tp.legPain.ci95?.[0] ?? null), backgroundColor: PALETTE.primarySoft },
          {
            label: 'Mean leg pain',
            data: means,
            borderColor: PALETTE.primary,
            backgroundColor: PALETTE.primary,
            borderWidth: 2.5,
            pointRadius: 4.5,
            pointHoverRadius: 6,
          },
        ],
      },
      plugins: [pointLabelsPlugin<'line'>(meanLabels, 'above')],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { top: 12 } },
        scales: {
          x: { offset: true, grid: { display: false }, ticks: { font: { size: 12 } } },
          y: {
            min: 0,
            max: 10,
            ticks: { stepSize: 2 },
            title: { display: true, text: 'Leg pain, NRS 0–10', font: { size: 13, weight: 600 } },
          },
        },
        plugins: {
          legend: { position: 'top', align: 'start', labels: { boxWidth: 14, filter: (item) => item.text !== 'CI lower' } },
          tooltip: {
            filter: (item) => item.datasetIndex === MEAN_DATASET,
            callbacks: {
              label: (item) => {
                const tp = tps[item.dataIndex];
                const ci = tp.legPain.ci95;
                return `Mean ${tp.legPain.mean?.toFixed(1)}${ci ? ` (95% CI ${ci[0].toFixed(1)} to ${ci[1].toFixed(1)})` : ''}, n = ${tp.responded}`;
              },
            },
          },
        },
      },
    };
  });
}
