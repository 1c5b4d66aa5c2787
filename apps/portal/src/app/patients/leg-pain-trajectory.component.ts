import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ScoreView, Timepoint } from '@stride/contracts';
import { TIMEPOINT_LABELS, TIMEPOINT_SHORT } from '../shared/labels';

const WIDTH = 360;
const HEIGHT = 130;
const PAD = { left: 28, right: 12, top: 10, bottom: 24 };

/** A patient's leg pain (NRS 0-10) across the time points: the trajectory at a glance. */
@Component({
  selector: 'stride-leg-pain-trajectory',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    figure {
      margin: 0 0 1rem;
      max-width: 26rem;
    }
    figcaption {
      font-size: 0.85rem;
      color: var(--muted);
    }
    svg {
      width: 100%;
      height: auto;
      display: block;
    }
    .grid {
      stroke: #e4e9ef;
    }
    .axis {
      fill: var(--muted);
      font-size: 10px;
    }
    .line {
      fill: none;
      stroke: var(--primary);
      stroke-width: 2;
    }
    .dot {
      fill: var(--primary);
    }
  `,
  template: `
    <figure>
      <svg [attr.viewBox]="'0 0 ' + width + ' ' + height" role="img" [attr.aria-label]="summary()">
        @for (tick of yTicks; track tick) {
          <line class="grid" [attr.x1]="pad.left" [attr.x2]="width - pad.right" [attr.y1]="y(tick)" [attr.y2]="y(tick)" />
          <text class="axis" [attr.x]="pad.left - 6" [attr.y]="y(tick) + 3" text-anchor="end">{{ tick }}</text>
        }
        @for (tp of timepoints(); track tp; let i = $index) {
          <text class="axis" [attr.x]="x(i)" [attr.y]="height - 6" text-anchor="middle">{{ short[tp] }}</text>
        }
        <polyline class="line" [attr.points]="polyline()" />
        @for (p of points(); track p.index) {
          <circle class="dot" [attr.cx]="x(p.index)" [attr.cy]="y(p.value)" r="3.5" />
        }
      </svg>
      <figcaption>Leg pain, 0 (none) to 10 (worst), by time point</figcaption>
    </figure>
  `,
})
export class LegPainTrajectoryComponent {
  readonly scores = input.required<ScoreView[]>();
  /** The surgery's own time points in clinical order (its invitations): the x axis. */
  readonly timepoints = input.required<readonly Timepoint[]>();

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly pad = PAD;
  protected readonly short = TIMEPOINT_SHORT;
  protected readonly yTicks = [0, 5, 10];

  protected readonly points = computed(() =>
    this.timepoints().flatMap((tp, index) => {
      const value = this.scores().find((s) => s.timepoint === tp)?.answers.legPain;
      return value === null || value === undefined ? [] : [{ index, value, timepoint: tp }];
    }),
  );
  protected readonly polyline = computed(() =>
    this.points()
      .map((p) => `${this.x(p.index)},${this.y(p.value)}`)
      .join(' '),
  );
  protected readonly summary = computed(() => {
    const parts = this.points().map((p) => `${TIMEPOINT_LABELS[p.timepoint]} ${p.value}`);
    return `Leg pain by time point: ${parts.join(', ') || 'no answers'}`;
  });

  protected x(index: number): number {
    const span = WIDTH - PAD.left - PAD.right;
    return PAD.left + (span * index) / Math.max(1, this.timepoints().length - 1);
  }

  protected y(value: number): number {
    const span = HEIGHT - PAD.top - PAD.bottom;
    return PAD.top + span * (1 - value / 10);
  }
}
