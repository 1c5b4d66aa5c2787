import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterRenderEffect, inject, input, viewChild } from '@angular/core';
import type { ChartConfiguration, ChartType } from 'chart.js';
import { Chart } from './chart-setup';

/**
 * A Chart.js canvas. The chart is rebuilt whenever its configuration changes; the canvas carries a
 * short label, and every chart on the dashboard also has its numbers in a table for screen readers.
 */
@Component({
  selector: 'stride-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .frame {
      position: relative;
      width: 100%;
    }
  `,
  template: `
    <div class="frame" [style.height.px]="height()">
      <canvas #canvas role="img" [attr.aria-label]="label()"></canvas>
    </div>
  `,
})
export class ChartComponent<T extends ChartType = ChartType> {
  readonly config = input.required<ChartConfiguration<T>>();
  /** What the chart shows, for assistive technology. */
  readonly label = input.required<string>();
  readonly height = input(320);

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart<T> | null = null;

  constructor() {
    afterRenderEffect({
      write: () => {
        const config = this.config();
        this.chart?.destroy();
        this.chart = new Chart(this.canvas().nativeElement, config);
      },
    });
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
  }
}
