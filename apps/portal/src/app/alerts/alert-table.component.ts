import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AlertKind, AlertView } from '@stride/contracts';
import { ClinicDatePipe } from '../shared/clinic-date.pipe';
import { TIMEPOINT_LABELS } from '../shared/labels';

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  leg_pain_worse: 'Leg pain worse',
  walking_worse: 'Walking worse',
  dissatisfied: 'Dissatisfied',
};

/** Alerts as a table: who, when, what, and the acknowledge button (or who acknowledged). */
@Component({
  selector: 'stride-alert-table',
  imports: [RouterLink, ClinicDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .kind {
      display: inline-block;
      padding: 0.1rem 0.5rem;
      border-radius: 999px;
      font-size: 0.8rem;
      font-weight: 600;
      white-space: nowrap;
      background: var(--warn-bg);
      color: var(--warn);
    }
    .done .kind {
      background: var(--neutral-bg);
      color: var(--neutral);
    }
    .nowrap {
      white-space: nowrap;
    }
    .who {
      font-size: 0.85rem;
      color: var(--muted);
    }
    /* On a phone each alert is a small block: who and when on one line, what below, then the button. */
    @media (max-width: 40rem) {
      table,
      tbody,
      tr,
      td,
      tbody th {
        display: block;
      }
      thead {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
      }
      tr {
        padding: 0.65rem 0;
        border-bottom: 1px solid var(--border);
      }
      table.data td,
      table.data tbody th {
        border: none;
        padding: 0.15rem 0;
      }
      tr > :first-child,
      tr > :nth-child(2) {
        display: inline-block;
        margin-right: 0.6rem;
      }
      td.raised::before {
        content: 'Raised ';
        color: var(--muted);
      }
      td:last-child {
        padding-top: 0.4rem;
      }
    }
  `,
  template: `
    <div class="table-wrap">
      <table class="data">
        <caption class="visually-hidden">{{ caption() }}</caption>
        <thead>
          <tr>
            @if (showPatient()) {
              <th scope="col">Patient</th>
            }
            <th scope="col">Time point</th>
            <th scope="col">Alert</th>
            <th scope="col">Raised</th>
            <th scope="col"><span class="visually-hidden">Acknowledgement</span></th>
          </tr>
        </thead>
        <tbody>
          @for (a of alerts(); track a.id) {
            <tr [class.done]="a.acknowledgedAt" [attr.data-alert]="a.id">
              @if (showPatient()) {
                <th scope="row" class="nowrap"><a [routerLink]="['/patients', a.patientId]">{{ a.patientName }}</a></th>
              }
              <td class="nowrap">{{ timepoints[a.timepoint] }}</td>
              <td><span class="kind">{{ kinds[a.kind] }}</span> {{ a.detail }}</td>
              <td class="nowrap raised">{{ a.createdAt | clinicDate: timeZone() : 'date' }}</td>
              <td>
                @if (a.acknowledgedAt) {
                  <span class="who">Acknowledged {{ a.acknowledgedAt | clinicDate: timeZone() : 'date' }}{{ a.acknowledgedBy ? ' by ' + a.acknowledgedBy.name : '' }}</span>
                } @else {
                  <button class="btn btn-secondary btn-small" type="button" [disabled]="busy() !== null" (click)="acknowledge.emit(a)"
                    [attr.aria-label]="'Acknowledge ' + kinds[a.kind].toLowerCase() + ' for ' + a.patientName + ' at ' + timepoints[a.timepoint]">
                    {{ busy() === a.id ? 'Acknowledging…' : 'Acknowledge' }}
                  </button>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class AlertTableComponent {
  readonly alerts = input.required<AlertView[]>();
  readonly timeZone = input.required<string>();
  readonly caption = input('Alerts');
  readonly showPatient = input(true);
  /** The alert being acknowledged now, if any. */
  readonly busy = input<string | null>(null);
  readonly acknowledge = output<AlertView>();

  protected readonly kinds = ALERT_KIND_LABELS;
  protected readonly timepoints = TIMEPOINT_LABELS;
}
