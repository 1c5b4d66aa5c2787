import { ScrollRegionDirective } from '../shared/scroll-region.directive';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { FunnelPoint, FunnelView } from '@stride/contracts';
import { TIMEPOINT_LABELS, percent } from '../shared/labels';

interface Row {
  point: FunnelPoint;
  position: string;
  tone: 'bad' | 'warn' | 'ok' | 'neutral';
}

/** Where a rate sits against its limits, in words (the flag rule is DESIGN.md's: below 99.8% only). */
function position(p: FunnelPoint): Pick<Row, 'position' | 'tone'> {
  if (p.rate === null) return { position: 'No evaluable cases', tone: 'neutral' };
  if (p.flagged) return { position: 'Flagged: below the 99.8% limit', tone: 'bad' };
  if (p.rate < p.lower95) return { position: 'Below the 95% limit (not flagged)', tone: 'warn' };
  if (p.rate > p.upper998) return { position: 'Above the 99.8% limit', tone: 'ok' };
  if (p.rate > p.upper95) return { position: 'Above the 95% limit', tone: 'ok' };
  return { position: 'Within the limits', tone: 'neutral' };
}

/** The funnel's points as a table: the text alternative to the chart, and the exact numbers for a reader. */
@Component({
  selector: 'stride-funnel-table',
  imports: [ScrollRegionDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    caption {
      text-align: left;
      font-weight: 600;
      padding: 1rem 0 0.5rem;
    }
    td.num,
    th.num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .bad {
      color: var(--bad);
      font-weight: 700;
    }
    .warn {
      color: var(--warn);
      font-weight: 600;
    }
    .ok {
      color: var(--ok);
      font-weight: 600;
    }
    .you {
      font-weight: 700;
    }
  `,
  template: `
    <div class="table-wrap" strideScrollRegion="Funnel plot data, scrolls sideways">
      <table class="data">
        <caption>
          {{ measureLabel() }} by surgeon at {{ timepointLabel() }}: the points of the funnel plot, lowest rate first
        </caption>
        <thead>
          <tr>
            <th scope="col">Surgeon</th>
            <th scope="col" class="num">Evaluable n</th>
            <th scope="col" class="num">{{ countLabel() }} x</th>
            <th scope="col" class="num">Rate</th>
            <th scope="col" class="num">95% limits</th>
            <th scope="col" class="num">99.8% limits</th>
            <th scope="col">Against the limits</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track $index) {
            <tr>
              <th scope="row" [class.you]="row.point.isCaller">{{ row.point.label }}{{ row.point.isCaller && row.point.label !== 'You' ? ' (you)' : '' }}</th>
              <td class="num">{{ row.point.n }}</td>
              <td class="num">{{ row.point.x }}</td>
              <td class="num">{{ pct(row.point.rate) }}</td>
              <td class="num">{{ pct(row.point.lower95) }}–{{ pct(row.point.upper95) }}</td>
              <td class="num">{{ pct(row.point.lower998) }}–{{ pct(row.point.upper998) }}</td>
              <td [class]="row.tone">{{ row.position }}</td>
            </tr>
          } @empty {
            <tr><td colspan="7" class="muted">No surgeon has patients in this cohort.</td></tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class FunnelTableComponent {
  readonly funnel = input.required<FunnelView>();
  readonly measureLabel = input.required<string>();

  protected readonly timepointLabel = computed(() => TIMEPOINT_LABELS[this.funnel().timepoint]);
  protected readonly countLabel = computed(() => (this.funnel().measure === 'success' ? 'Successes' : 'Satisfied'));
  protected readonly rows = computed<Row[]>(() =>
    [...this.funnel().points]
      .sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2))
      .map((point) => ({ point, ...position(point) })),
  );

  protected pct(value: number | null): string {
    return percent(value, 1);
  }
}
