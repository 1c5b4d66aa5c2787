import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import {
  INVITATION_STATUSES,
  PATIENT_LIST_SORTS,
  PATIENT_STATUSES,
  PatientListOutcome,
  PatientListQuery,
  PatientListSort,
  SurgeonOption,
  Timepoint,
} from '@stride/contracts';
import { AGE_BAND_LABELS, PATIENT_STATUS_LABELS, PROCEDURE_LABELS, STATUS_LABELS, TIMEPOINT_LABELS } from '../shared/labels';

export type PatientFilterName = Exclude<keyof PatientListQuery, 'search' | 'page'>;

const SORT_LABELS: Record<PatientListSort, string> = {
  name: 'Name',
  surgeon: 'Surgeon',
  '-surgeryDate': 'Newest surgery',
  surgeryDate: 'Oldest surgery',
};

export const OUTCOME_LABELS: Record<PatientListOutcome, string> = {
  responded: 'answered',
  not_responded: 'did not answer (window closed)',
  success: 'success',
  not_success: 'not a success',
  not_evaluable: 'answered, not evaluable (no baseline)',
  satisfied: 'satisfied',
  not_satisfied: 'not satisfied',
};

/**
 * The patient list's sort and filters. Like the dashboard's, they live in the URL; this bar only
 * asks for a change. A dashboard link arrives with an outcome (and cohort filters): shown as one
 * line to clear, since they are set by following a figure rather than picked here.
 */
@Component({
  selector: 'stride-patient-filters',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem 1rem;
      margin-top: 0.75rem;
    }
    .field {
      flex: 1 1 9rem;
      max-width: 15rem;
      margin: 0;
    }
    .from-dashboard .chip {
      white-space: normal;
    }
    .from-dashboard {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
      margin-top: 0.75rem;
    }
  `,
  template: `
    <div class="filters" role="group" aria-label="Sort and filter patients">
      @if (surgeons().length > 1) {
        <div class="field">
          <label for="pf-surgeon">Surgeon</label>
          <select id="pf-surgeon" (change)="pick('surgeonId', $event)">
            <option value="">All surgeons</option>
            @for (s of surgeons(); track s.id) {
              <option [value]="s.id" [selected]="s.id === query().surgeonId">{{ s.label }}</option>
            }
          </select>
        </div>
      }
      <div class="field">
        <label for="pf-timepoint">Time point</label>
        <select id="pf-timepoint" (change)="pick('timepoint', $event)">
          <option value="">Any time point</option>
          @for (t of timepoints(); track t) {
            <option [value]="t" [selected]="t === query().timepoint">{{ timepointLabels[t] }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="pf-status">Survey status</label>
        <select id="pf-status" (change)="pick('status', $event)">
          <option value="">Any status</option>
          @for (s of statuses; track s) {
            <option [value]="s" [selected]="s === query().status">{{ statusLabels[s] }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="pf-patient-status">Follow-up</label>
        <select id="pf-patient-status" (change)="pick('patientStatus', $event)">
          <option value="">Any</option>
          @for (s of patientStatuses; track s) {
            <option [value]="s" [selected]="s === query().patientStatus">{{ patientStatusLabels[s] }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="pf-sort">Sort by</label>
        <select id="pf-sort" (change)="pick('sort', $event)">
          @for (s of sorts; track s) {
            <option [value]="s" [selected]="s === (query().sort ?? 'name')">{{ sortLabels[s] }}</option>
          }
        </select>
      </div>
    </div>
    @if (fromDashboard(); as text) {
      <p class="from-dashboard small">
        <span class="chip chip-info">{{ text }}</span>
        <button class="btn btn-secondary btn-small" type="button" (click)="clearDashboard.emit()">Show all patients</button>
      </p>
    }
  `,
})
export class PatientFiltersComponent {
  readonly query = input.required<PatientListQuery>();
  readonly surgeons = input<SurgeonOption[]>([]);
  /** Baseline and the clinic's configured follow-ups. */
  readonly timepoints = input.required<Timepoint[]>();
  readonly changed = output<{ name: PatientFilterName; value: string | null }>();
  readonly clearDashboard = output<void>();

  protected readonly timepointLabels = TIMEPOINT_LABELS;
  protected readonly statuses = INVITATION_STATUSES.filter((s) => s !== 'claimed');
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly patientStatuses = PATIENT_STATUSES;
  protected readonly patientStatusLabels = PATIENT_STATUS_LABELS;
  protected readonly sorts = PATIENT_LIST_SORTS;
  protected readonly sortLabels = SORT_LABELS;

  /** "From the dashboard: 6 months · not a success · laminectomy". */
  protected readonly fromDashboard = computed(() => {
    const q = this.query();
    const cohort = [q.procedure && PROCEDURE_LABELS[q.procedure], q.ageBand && `age ${AGE_BAND_LABELS[q.ageBand].toLowerCase()}`];
    if (q.surgeryFrom || q.surgeryTo) cohort.push(`surgery ${q.surgeryFrom ?? '…'} to ${q.surgeryTo ?? '…'}`);
    if (!q.outcome && !cohort.some(Boolean)) return null;
    const parts = [q.timepoint ? TIMEPOINT_LABELS[q.timepoint] : 'any time point', q.outcome && OUTCOME_LABELS[q.outcome], ...cohort];
    return `From the dashboard: ${parts.filter(Boolean).join(' · ')}`;
  });

  protected pick(name: PatientFilterName, event: Event): void {
    this.changed.emit({ name, value: (event.target as HTMLSelectElement).value || null });
  }
}
