import { ScrollRegionDirective } from '../shared/scroll-region.directive';
import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { AgeBand, CaseMixView, PROCEDURES, Procedure, SurgeonCaseMix } from '@stride/contracts';
import { AGE_BAND_LABELS, PROCEDURE_LABELS, TIMEPOINT_LABELS, WALKING_BINS_SHORT, percent } from '../shared/labels';

/** The 97.5th percentile of the standard normal, for the coefficients' odds-ratio intervals. */
const Z_95 = 1.959964;

interface Verdict {
  text: string;
  tone: 'ok' | 'warn' | 'neutral';
}

/** What an O/E interval says, in words: only an interval clear of 1 is evidence of a difference. */
function verdict(row: SurgeonCaseMix): Verdict {
  if (!row.oeCi95) return { text: row.n === 0 ? 'No evaluable cases' : '–', tone: 'neutral' };
  if (row.oeCi95[0] > 1) return { text: 'More successes than expected', tone: 'ok' };
  if (row.oeCi95[1] < 1) return { text: 'Fewer successes than expected', tone: 'warn' };
  return { text: 'As expected, within chance', tone: 'neutral' };
}

/** A model term in words: `ageBand:80+` is "Age 80 and over (vs 60–69)". */
function termLabel(term: string, reference: CaseMixView['model']['reference']): string {
  if (term === 'baselineLegPain') return 'Baseline leg pain, per point';
  if (term === 'baselineWalkingBin') return 'Baseline walking distance, per bin';
  const [covariate, level] = term.split(':');
  if (covariate === 'ageBand' && reference.ageBand) {
    return `Age ${AGE_BAND_LABELS[level as AgeBand].toLowerCase()} (vs ${AGE_BAND_LABELS[reference.ageBand].toLowerCase()})`;
  }
  if (covariate === 'procedure' && reference.procedure) {
    return `${PROCEDURE_LABELS[level as Procedure]} (vs ${PROCEDURE_LABELS[reference.procedure].toLowerCase()})`;
  }
  return term;
}

/** The case mix of each surgeon and, when the model is fitted, their risk-adjusted success. */
@Component({
  selector: 'stride-case-mix-tables',
  imports: [DecimalPipe, ScrollRegionDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    h3 {
      font-size: 0.975rem;
      margin: 1.25rem 0 0.5rem;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .ok {
      color: var(--ok);
      font-weight: 600;
    }
    .warn {
      color: var(--warn);
      font-weight: 600;
    }
    .you {
      font-weight: 700;
    }
    .verdict {
      white-space: nowrap;
    }
    th.group {
      text-align: center;
      border-left: 1px solid var(--border);
    }
    details {
      margin-top: 1rem;
      font-size: 0.925rem;
    }
  `,
  template: `
    <h3 id="case-mix-table">Case mix: whom each surgeon operated on (evaluable cases at {{ timepointLabel() }}; age at surgery, baseline answers)</h3>
    <div class="table-wrap" strideScrollRegion="Case mix table, scrolls sideways">
      <table class="data" aria-labelledby="case-mix-table">
        <thead>
          <tr>
            <th scope="col" rowspan="2">Surgeon</th>
            <th scope="col" rowspan="2" class="num">n</th>
            <th scope="colgroup" colspan="2" class="group">Mean</th>
            <th scope="colgroup" colspan="5" class="group">Walking distance</th>
            <th scope="colgroup" [attr.colspan]="procedures.length" class="group">Procedure</th>
          </tr>
          <tr>
            <th scope="col" class="num">Age</th>
            <th scope="col" class="num" title="Baseline leg pain, 0 to 10">Leg pain</th>
            @for (bin of walkingBins; track $index) {
              <th scope="col" class="num">{{ bin }}</th>
            }
            @for (p of procedures; track p) {
              <th scope="col" class="num" [title]="fullProcedureLabels[p]">{{ procedureLabels[p] }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (row of view().surgeons; track $index) {
            <tr>
              <th scope="row" [class.you]="row.isCaller">{{ name(row) }}</th>
              <td class="num">{{ row.n }}</td>
              <td class="num">{{ row.meanAge === null ? '–' : (row.meanAge | number: '1.1-1') }}</td>
              <td class="num">{{ row.meanBaselineLegPain === null ? '–' : (row.meanBaselineLegPain | number: '1.1-1') }}</td>
              @for (count of row.walkingBins; track $index) {
                <td class="num">{{ share(count, row.n) }}</td>
              }
              @for (p of procedures; track p) {
                <td class="num">{{ share(row.procedures[p], row.n) }}</td>
              }
            </tr>
          } @empty {
            <tr><td colspan="12" class="muted">No surgeon has patients in this cohort.</td></tr>
          }
        </tbody>
      </table>
    </div>

    @if (view().model.status === 'fitted') {
      <h3 id="case-mix-adjusted">Risk-adjusted success at {{ timepointLabel() }}: observed against expected for each surgeon's patients</h3>
      <div class="table-wrap" strideScrollRegion="Risk-adjusted success table, scrolls sideways">
        <table class="data" aria-labelledby="case-mix-adjusted">
          <thead>
            <tr>
              <th scope="col">Surgeon</th>
              <th scope="col" class="num">Raw rate</th>
              <th scope="col" class="num">Observed O</th>
              <th scope="col" class="num">Expected E</th>
              <th scope="col" class="num">O/E</th>
              <th scope="col" class="num">95% interval</th>
              <th scope="col" class="num">Adjusted rate</th>
              <th scope="col">In words</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track $index) {
              <tr>
                <th scope="row" [class.you]="row.surgeon.isCaller">{{ name(row.surgeon) }}</th>
                <td class="num">{{ row.surgeon.n ? pct(row.surgeon.observed / row.surgeon.n) : '–' }}</td>
                <td class="num">{{ row.surgeon.observed }}</td>
                <td class="num">{{ row.surgeon.expected === null ? '–' : (row.surgeon.expected | number: '1.1-1') }}</td>
                <td class="num">{{ row.surgeon.oe === null ? '–' : (row.surgeon.oe | number: '1.2-2') }}</td>
                <td class="num">
                  @if (row.surgeon.oeCi95; as ci) {
                    {{ ci[0] | number: '1.2-2' }}–{{ ci[1] | number: '1.2-2' }}
                  } @else {
                    –
                  }
                </td>
                <td class="num">{{ pct(row.surgeon.adjustedRate) }}</td>
                <td class="verdict" [class]="row.verdict.tone">{{ row.verdict.text }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <details>
        <summary>The model: odds ratios of success</summary>
        <p id="case-mix-model" class="small">Logistic regression on {{ view().model.n }} cases ({{ view().model.events }} successes); the intercept is not shown.</p>
        <div class="table-wrap" strideScrollRegion="Risk model table, scrolls sideways">
          <table class="data" aria-labelledby="case-mix-model">
            <thead>
              <tr>
                <th scope="col">Covariate</th>
                <th scope="col" class="num">Odds ratio</th>
                <th scope="col" class="num">95% interval</th>
              </tr>
            </thead>
            <tbody>
              @for (term of terms(); track term.label) {
                <tr>
                  <th scope="row">{{ term.label }}</th>
                  <td class="num">{{ term.oddsRatio | number: '1.2-2' }}</td>
                  <td class="num">{{ term.lower | number: '1.2-2' }}–{{ term.upper | number: '1.2-2' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </details>
    }
  `,
})
export class CaseMixTablesComponent {
  readonly view = input.required<CaseMixView>();

  protected readonly procedures: readonly Procedure[] = PROCEDURES;
  protected readonly fullProcedureLabels = PROCEDURE_LABELS;
  protected readonly procedureLabels: Record<Procedure, string> = { laminectomy: 'Lamin.', endoscopic_decompression: 'Endosc.', other: 'Other' };
  protected readonly walkingBins = WALKING_BINS_SHORT;
  protected readonly timepointLabel = computed(() => TIMEPOINT_LABELS[this.view().timepoint].toLowerCase());
  protected readonly rows = computed(() => this.view().surgeons.map((surgeon) => ({ surgeon, verdict: verdict(surgeon) })));
  protected readonly terms = computed(() => {
    const { coefficients = [], reference } = this.view().model;
    return coefficients
      .filter((c) => c.term !== '(intercept)')
      .map((c) => ({
        label: termLabel(c.term, reference),
        oddsRatio: Math.exp(c.estimate),
        lower: Math.exp(c.estimate - Z_95 * c.standardError),
        upper: Math.exp(c.estimate + Z_95 * c.standardError),
      }));
  });

  protected name(row: SurgeonCaseMix): string {
    return row.isCaller && row.label !== 'You' ? `${row.label} (you)` : row.label;
  }

  protected share(count: number, n: number): string {
    return n > 0 ? percent(count / n) : '–';
  }

  protected pct(value: number | null): string {
    return percent(value, 1);
  }
}
