import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CohortSummary, DefinitionRef, PatientListOutcome, RateStat, TimepointSummary } from '@stride/contracts';
import { TIMEPOINT_LABELS, WALKING_BINS, percent } from '../shared/labels';
import { RateBarComponent } from './rate-bar.component';
import { benchmarkSentence } from '@stride/outcomes';

interface Measure {
  key: string;
  title: string;
  stat: RateStat;
  benchmark: number;
  definition: string;
  /** What the one-sided test says (benchmark time point only). */
  sentence: string;
  /** The patient-list outcomes behind x and n - x, and how to say them. */
  links: [PatientListOutcome, string, PatientListOutcome, string];
}

/** How a time point relates to the benchmark: compared with it, shown for tracking, or the pre-op reference. */
export type TimepointRole = 'benchmark' | 'tracking' | 'reference';

/** "Success v1", from `{name: 'success', version: 'v1'}` (a bare "1" gets its "v"). */
export function definitionLabel(def: DefinitionRef): string {
  const version = /^v/i.test(def.version) ? def.version : `v${def.version}`;
  const name = def.name.charAt(0).toUpperCase() + def.name.slice(1);
  return name.toLowerCase().endsWith(version.toLowerCase()) ? name : `${name} ${version}`;
}

/** One time point of the cohort, with every figure stamped by definition, time point and n. */
@Component({
  selector: 'stride-timepoint-card',
  imports: [DecimalPipe, RouterLink, RateBarComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './timepoint-card.component.css',
  template: `
    @let tp = summary();
    <article class="card" [attr.aria-labelledby]="'tp-' + tp.timepoint">
      <header class="head">
        <h2 [id]="'tp-' + tp.timepoint">{{ title() }}</h2>
        @switch (kind()) {
          @case ('benchmark') {
            <span class="tag tag-benchmark">Benchmark time point</span>
          }
          @case ('tracking') {
            <span class="tag">For tracking: not compared with the benchmark</span>
          }
          @default {
            <span class="tag">Pre-operative reference</span>
          }
        }
      </header>
      <p class="counts">
        <span><strong>{{ tp.eligible }}</strong> eligible</span>
        <span><strong>{{ tp.responded }}</strong> responded</span>
        <span><strong>{{ pct(tp.responseRate) }}</strong> response rate</span>
        @if (worklistLink()) {
          <a class="no-print" routerLink="/worklist">Who needs a call →</a>
        }
      </p>
      @if (patientQuery()) {
        <p class="patients-line small no-print">
          Patients: <a routerLink="/patients" [queryParams]="patientsBehind('responded')">{{ tp.responded }} answered</a>
          @if (tp.eligible > tp.responded) {
            · <a routerLink="/patients" [queryParams]="patientsBehind('not_responded')">{{ tp.eligible - tp.responded }} did not</a>
          }
        </p>
      }

      @for (m of measures(); track m.key) {
        <section class="measure" [attr.aria-label]="m.title">
          <h3>{{ m.title }}</h3>
          @if (kind() === 'benchmark') {
            <p class="bench-line">
              Compared with {{ pct(m.benchmark) }} · {{ m.definition }} · {{ title() }} · n = {{ m.stat.n }}
            </p>
          } @else {
            <p class="tracking-line">{{ m.definition }} · {{ title() }} · n = {{ m.stat.n }} · early recovery, not a comparison</p>
          }
          @if (m.stat.insufficient) {
            <p class="insufficient">Insufficient data (n&lt;20)</p>
            @if (kind() === 'benchmark' && m.stat.rate !== null) {
              <!-- The benchmark time point always shows what it has, so the sentence below can be checked. -->
              <p class="rate">
                <strong>{{ pct(m.stat.rate) }}</strong>
                @if (m.stat.ci95; as ci) {
                  <span class="muted">95% CI {{ pct(ci[0]) }}–{{ pct(ci[1]) }} (Wilson)</span>
                }
                <span class="muted small">{{ m.stat.x }}/{{ m.stat.n }}: too few for a firm rate</span>
              </p>
            } @else {
              <p class="muted small">{{ m.stat.x }} of {{ m.stat.n }} evaluable so far; rates are shown from n = 20.</p>
            }
          } @else {
            <p class="rate">
              <strong>{{ pct(m.stat.rate) }}</strong>
              @if (m.stat.ci95; as ci) {
                <span class="muted">95% CI {{ pct(ci[0]) }}–{{ pct(ci[1]) }} (Wilson)</span>
              }
              <span class="muted small">{{ m.stat.x }}/{{ m.stat.n }}</span>
            </p>
            <stride-rate-bar [stat]="m.stat" [benchmark]="kind() === 'benchmark' ? m.benchmark : null" [label]="m.title" />
            <dl class="stats">
              <div>
                <dt>Loss-to-follow-up bounds</dt>
                <dd>{{ pct(m.stat.worstCase) }} if every non-responder failed · {{ pct(m.stat.bestCase) }} if every one succeeded</dd>
              </div>
            </dl>
          }
          @if (m.key === 'success' && summary().notEvaluableLowBaseline > 0) {
            <p class="muted small low-baseline">
              {{ summary().notEvaluableLowBaseline }} {{ summary().notEvaluableLowBaseline === 1 ? 'responder is' : 'responders are' }}
              not in n: baseline leg pain below 3 leaves no room for the required improvement ({{ m.definition }}).
            </p>
          }
          @if (kind() === 'benchmark') {
            <p class="verdict">{{ m.sentence }}</p>
          }
          @if (patientQuery() && m.stat.n > 0) {
            <p class="patients-line small no-print">
              Patients: <a routerLink="/patients" [queryParams]="patientsBehind(m.links[0])">{{ m.stat.x }} {{ m.links[1] }}</a> ·
              <a routerLink="/patients" [queryParams]="patientsBehind(m.links[2])">{{ m.stat.n - m.stat.x }} {{ m.links[3] }}</a>
            </p>
          }
        </section>
      }

      <section class="measure" aria-label="Leg pain">
        <h3>Leg pain (0–10)</h3>
        @if (tp.legPain.mean !== null) {
          <p>
            Mean <strong>{{ tp.legPain.mean | number: '1.1-1' }}</strong>&ngsp;
            @if (tp.legPain.ci95; as ci) {
              <span class="muted">(95% CI {{ ci[0] | number: '1.1-1' }}–{{ ci[1] | number: '1.1-1' }})</span>
            }
          </p>
          @if (tp.legPain.meanChange !== null) {
            <p>
              Change from baseline <strong>{{ tp.legPain.meanChange | number: '1.1-1' }}</strong>&ngsp;
              @if (tp.legPain.changeCi95; as ci) {
                <span class="muted">(95% CI {{ ci[0] | number: '1.1-1' }} to {{ ci[1] | number: '1.1-1' }})</span>
              }
            </p>
          }
        } @else {
          <p class="muted">No answers yet.</p>
        }
      </section>

      @if (walkingTotal() > 0) {
        <section class="measure" aria-label="Walking distance">
          <h3>Walking distance</h3>
          <div class="bins" aria-hidden="true">
            @for (n of tp.walkingDistance.bins; track $index) {
              <span [class]="'bin bin-' + $index" [style.flex-grow]="n" [title]="walkingBins[$index] + ': ' + n"></span>
            }
          </div>
          <ul class="bin-legend small">
            @for (n of tp.walkingDistance.bins; track $index) {
              <li><span [class]="'swatch bin-' + $index"></span>{{ walkingBins[$index] }}: {{ n }}</li>
            }
          </ul>
        </section>
      }
    </article>
  `,
})
export class TimepointCardComponent {
  readonly summary = input.required<TimepointSummary>();
  readonly benchmarks = input.required<CohortSummary['benchmarks']>();
  readonly definitions = input.required<CohortSummary['definitions']>();
  /** Not `role`: a static role="benchmark" would also land on the host element as an (invalid) ARIA role. */
  readonly kind = input.required<TimepointRole>();
  /** The cohort's filters as patient-list parameters, for staff who may open the patients behind a figure; null hides the links. */
  readonly patientQuery = input<Record<string, string> | null>(null);
  /** Staff who chase non-responders (admins, surgeons) get a link from the response rate to the worklist. */
  readonly worklistLink = input(false);

  protected readonly walkingBins = WALKING_BINS;
  protected readonly title = computed(() => TIMEPOINT_LABELS[this.summary().timepoint]);
  protected readonly walkingTotal = computed(() => this.summary().walkingDistance.bins.reduce((a, b) => a + b, 0));

  /** Success and satisfaction are post-operative measures: the baseline has neither. */
  protected readonly measures = computed<Measure[]>(() => {
    const tp = this.summary();
    if (tp.timepoint === 'baseline') return [];
    return [
      {
        key: 'success',
        title: 'Success',
        stat: tp.success,
        benchmark: this.benchmarks().success,
        definition: definitionLabel(this.definitions().success),
        sentence: benchmarkSentence(tp.success, this.benchmarks().success),
        links: ['success', 'successes', 'not_success', 'not successes'],
      },
      {
        key: 'satisfaction',
        title: 'Satisfaction',
        stat: tp.satisfaction,
        benchmark: this.benchmarks().satisfaction,
        definition: definitionLabel(this.definitions().satisfied),
        sentence: benchmarkSentence(tp.satisfaction, this.benchmarks().satisfaction),
        links: ['satisfied', 'satisfied', 'not_satisfied', 'not satisfied'],
      },
    ];
  });

  protected patientsBehind(outcome: PatientListOutcome): Record<string, string> {
    return { ...this.patientQuery(), timepoint: this.summary().timepoint, outcome };
  }

  protected pct(value: number | null): string {
    return percent(value);
  }

}
