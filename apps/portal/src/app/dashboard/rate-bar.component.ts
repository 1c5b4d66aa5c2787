import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RateStat } from '@stride/contracts';
import { percent } from '../shared/labels';

const W = 300;
const TRACK_Y = 16;
const TRACK_H = 14;

/**
 * A rate on a 0-100% axis: the bar is the observed rate, the whisker its Wilson 95% CI,
 * the pale band the loss-to-follow-up bounds, and the dark tick the published benchmark.
 */
@Component({
  selector: 'stride-rate-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    svg {
      width: 100%;
      height: auto;
      display: block;
      overflow: visible;
    }
    .track {
      fill: #edf1f5;
    }
    .bounds {
      fill: #c9def0;
    }
    .fill {
      fill: var(--primary);
    }
    .ci {
      stroke: #0f2533;
      stroke-width: 2;
    }
    .bench {
      stroke: var(--bad);
      stroke-width: 2.5;
    }
    .bench-label {
      fill: var(--bad);
      font-size: 10px;
      font-weight: 700;
    }
    .axis {
      fill: var(--muted);
      font-size: 9px;
    }
  `,
  template: `
    <svg [attr.viewBox]="'0 0 ' + width + ' 56'" role="img" [attr.aria-label]="description()">
      <rect class="track" x="0" [attr.y]="trackY" [attr.width]="width" [attr.height]="trackH" rx="3" />
      @if (stat().worstCase !== null && stat().bestCase !== null) {
        <rect class="bounds" [attr.x]="x(stat().worstCase)" [attr.y]="trackY" [attr.width]="x(stat().bestCase) - x(stat().worstCase)" [attr.height]="trackH" />
      }
      @if (stat().rate !== null) {
        <rect class="fill" x="0" [attr.y]="trackY + 3" [attr.width]="x(stat().rate)" [attr.height]="trackH - 6" rx="2" />
      }
      @if (stat().ci95; as ci) {
        <line class="ci" [attr.x1]="x(ci[0])" [attr.x2]="x(ci[1])" [attr.y1]="midY" [attr.y2]="midY" />
        <line class="ci" [attr.x1]="x(ci[0])" [attr.x2]="x(ci[0])" [attr.y1]="midY - 6" [attr.y2]="midY + 6" />
        <line class="ci" [attr.x1]="x(ci[1])" [attr.x2]="x(ci[1])" [attr.y1]="midY - 6" [attr.y2]="midY + 6" />
      }
      @if (benchmark(); as b) {
        <line class="bench" [attr.x1]="x(b)" [attr.x2]="x(b)" [attr.y1]="trackY - 6" [attr.y2]="trackY + trackH + 4" />
        <text class="bench-label" [attr.x]="x(b)" [attr.y]="trackY - 8" text-anchor="middle">{{ benchmarkText() }}</text>
      }
      <text class="axis" x="0" y="52">0%</text>
      <text class="axis" [attr.x]="width / 2" y="52" text-anchor="middle">50%</text>
      <text class="axis" [attr.x]="width" y="52" text-anchor="end">100%</text>
    </svg>
  `,
})
export class RateBarComponent {
  readonly stat = input.required<RateStat>();
  /** The benchmark tick; null at time points that are not compared with it (tracking only). */
  readonly benchmark = input<number | null>(null);
  readonly label = input.required<string>();

  protected readonly width = W;
  protected readonly trackY = TRACK_Y;
  protected readonly trackH = TRACK_H;
  protected readonly midY = TRACK_Y + TRACK_H / 2;

  protected readonly benchmarkText = computed(() => percent(this.benchmark()));
  protected readonly description = computed(() => {
    const s = this.stat();
    const ci = s.ci95 ? `, 95% CI ${percent(s.ci95[0])} to ${percent(s.ci95[1])}` : '';
    const b = this.benchmark();
    return `${this.label()} ${percent(s.rate)}${ci}${b === null ? '' : `; benchmark ${percent(b)}`}`;
  });

  protected x(value: number | null): number {
    const clamped = Math.min(1, Math.max(0, value ?? 0));
    return clamped * W;
  }
}
