import { ScrollRegionDirective } from '../shared/scroll-region.directive';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ScoreView, SurgeryView } from '@stride/contracts';
import { ClinicDatePipe } from '../shared/clinic-date.pipe';
import { TIMEPOINT_LABELS, WALKING_BINS } from '../shared/labels';
import { LegPainTrajectoryComponent } from './leg-pain-trajectory.component';

/** The answers of one surgery so far, each judged by the definition version stamped on it. */
@Component({
  selector: 'stride-surgery-scores',
  imports: [ClinicDatePipe, LegPainTrajectoryComponent, ScrollRegionDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .yes {
      color: var(--ok);
      font-weight: 600;
    }
    .no {
      color: var(--bad);
      font-weight: 600;
    }
  `,
  template: `
    @if (surgery().scores.length === 0) {
      <p class="muted">No answers yet.</p>
    } @else {
      <stride-leg-pain-trajectory [scores]="surgery().scores" [timepoints]="timepoints()" />
      <div class="table-wrap" strideScrollRegion="Scores, scrolls sideways">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Time point</th>
              <th scope="col">Collected</th>
              <th scope="col">Leg pain</th>
              <th scope="col">Back pain</th>
              <th scope="col">Walking distance</th>
              <th scope="col">Satisfaction</th>
              <th scope="col">Success</th>
              <th scope="col">Satisfied</th>
            </tr>
          </thead>
          <tbody>
            @for (score of sortedScores(); track score.timepoint) {
              <tr>
                <th scope="row">{{ timepointLabels[score.timepoint] }}</th>
                <td>{{ score.collectedAt | clinicDate: timeZone() : 'date' }} <span class="muted small">({{ score.mode }})</span></td>
                <td>{{ score.answers.legPain ?? '–' }}</td>
                <td>{{ score.answers.backPain ?? '–' }}</td>
                <td>{{ walkingLabel(score) }}</td>
                <td>{{ score.answers.satisfaction ?? '–' }}</td>
                <td>
                  @switch (score.success) {
                    @case (true) { <span class="yes">Yes</span> }
                    @case (false) { <span class="no">No</span> }
                    @default {
                      <!-- Success is a post-operative measure: at baseline it does not apply; later it needs a baseline. -->
                      <span class="muted">{{ score.timepoint === 'baseline' ? 'not applicable' : 'not evaluable (no baseline)' }}</span>
                    }
                  }
                </td>
                <td>
                  @switch (score.satisfied) {
                    @case (true) { <span class="yes">Yes</span> }
                    @case (false) { <span class="no">No</span> }
                    @default { <span class="muted">–</span> }
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <p class="muted small">Scored with {{ definitionVersions() }}.</p>
    }
  `,
})
export class SurgeryScoresComponent {
  readonly surgery = input.required<SurgeryView>();
  /** The clinic's IANA time zone: a paper survey's date is the clinic's calendar date. */
  readonly timeZone = input.required<string>();

  protected readonly timepointLabels = TIMEPOINT_LABELS;
  /** The surgery's time points as the API orders its invitations (clinical order). */
  protected readonly timepoints = computed(() => this.surgery().invitations.map((inv) => inv.timepoint));
  protected readonly sortedScores = computed(() => {
    const order = this.timepoints();
    return [...this.surgery().scores].sort((a, b) => order.indexOf(a.timepoint) - order.indexOf(b.timepoint));
  });

  /** Every score is stamped with the definition version that judged it. */
  protected readonly definitionVersions = computed(() =>
    [...new Set(this.surgery().scores.flatMap((s) => s.definitionVersion.split(';')))].join(', '),
  );

  protected walkingLabel(score: ScoreView): string {
    const bin = score.answers.walkingDistance;
    return bin === null || bin === undefined ? '–' : `${bin} · ${WALKING_BINS[bin] ?? ''}`;
  }
}
