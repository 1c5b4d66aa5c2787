import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { InvitationView, ScoreView } from '@stride/contracts';
import { RESPONSE_MODE_LABELS } from '../shared/labels';
import { ClinicDatePipe } from '../shared/clinic-date.pipe';
import { plainDeliveryError } from '../shared/delivery-errors';

/**
 * What happened to one invitation, in order: sent, reminded, opened, completed, and any delivery
 * trouble. Times are the clinic's, so "sent 9:00 AM" reads as the scheduler meant it.
 */
@Component({
  selector: 'stride-invitation-history',
  imports: [ClinicDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      font-size: 0.875rem;
      line-height: 1.45;
    }
    li {
      white-space: nowrap;
    }
    .what {
      display: inline-block;
      min-width: 5.5rem;
      color: var(--muted);
    }
    .trouble {
      white-space: normal;
      max-width: 18rem;
      color: var(--warn);
    }
    .raw {
      display: block;
      color: var(--muted);
      font-size: 0.8rem;
      overflow-wrap: anywhere;
    }
  `,
  template: `
    @let inv = invitation();
    @let zone = timeZone();
    <ol aria-label="Delivery history">
      @if (inv.sentAt) {
        <li><span class="what">Sent</span> <time [attr.datetime]="inv.sentAt">{{ inv.sentAt | clinicDate: zone }}</time></li>
      } @else if (inv.status === 'pending' && inv.attempts === 0) {
        <li class="muted">
          @if (paper()) {
            Not sent: followed up by the clinic{{ dueLater() ? '' : ' (on the worklist)' }}
          } @else if (dueLater()) {
            Goes out <time [attr.datetime]="inv.dueAt">{{ inv.dueAt | clinicDate: zone }}</time>
          } @else {
            Goes out with the next dispatch
          }
        </li>
      } @else if (inv.status === 'cancelled' || inv.status === 'missed') {
        <li class="muted">Never sent</li>
      }
      @if (inv.reminderCount > 0) {
        <li>
          <span class="what">Reminded ×{{ inv.reminderCount }}</span>
          @if (inv.remindedAt) {
            <time [attr.datetime]="inv.remindedAt">{{ inv.remindedAt | clinicDate: zone }}</time>
            @if (inv.reminderCount > 1) {
              <span class="muted"> (last)</span>
            }
          }
        </li>
      }
      @if (inv.openedAt) {
        <li><span class="what">Opened</span> <time [attr.datetime]="inv.openedAt">{{ inv.openedAt | clinicDate: zone }}</time></li>
      }
      @if (score(); as sc) {
        @if (sc.mode !== 'web') {
          <!-- Entered by staff: the day it was collected and how, not when it was typed in. -->
          <li>
            <span class="what">Collected</span> <time [attr.datetime]="sc.collectedAt">{{ sc.collectedAt | clinicDate: zone : 'date' }}</time>
            {{ modeLabels[sc.mode] }}
          </li>
        } @else {
          <li><span class="what">Completed</span> <time [attr.datetime]="sc.collectedAt">{{ sc.collectedAt | clinicDate: zone }}</time></li>
        }
      } @else if (inv.completedAt) {
        <li>
          <span class="what">Completed</span> <time [attr.datetime]="inv.completedAt">{{ inv.completedAt | clinicDate: zone }}</time>
        </li>
      }
      @if (trouble(); as t) {
        <li class="trouble">
          @if (inv.attempts > 0) {
            <strong>{{ inv.attempts }} {{ inv.attempts === 1 ? 'attempt' : 'attempts' }}</strong>
          }
          @if (t.plain) {
            @if (inv.attempts > 0) {
              ·
            }
            {{ t.plain }}
          }
          @if (t.raw) {
            <span class="raw">{{ t.raw }}</span>
          }
        </li>
      }
    </ol>
  `,
})
export class InvitationHistoryComponent {
  readonly invitation = input.required<InvitationView>();
  /** The answer stored for this survey, if any: its collection date and mode are what staff need to see. */
  readonly score = input<ScoreView | null>(null);
  /** The patient is followed up on paper: the scheduler sends nothing. */
  readonly paper = input(false);
  protected readonly modeLabels = RESPONSE_MODE_LABELS;
  /** The clinic's IANA time zone. */
  readonly timeZone = input.required<string>();

  protected readonly dueLater = computed(() => Date.parse(this.invitation().dueAt) > Date.now());

  /** Shown when a send needed more than one try or the last one went wrong. */
  protected readonly trouble = computed(() => {
    const inv = this.invitation();
    const error = plainDeliveryError(inv.lastError);
    if (!error && inv.attempts <= 1) return null;
    return { plain: error?.plain ?? null, raw: error?.detail ?? null };
  });
}
