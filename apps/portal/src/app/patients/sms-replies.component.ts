import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { SmsReplyView } from '@stride/contracts';
import { PatientsService } from '../data-access/patients.service';
import { ClinicDatePipe } from '../shared/clinic-date.pipe';

/**
 * Texts the patient sent back that were not STOP, START or HELP (those act by themselves): a
 * question, a wrong number, a request to be called. Shown only when there are some.
 */
@Component({
  selector: 'stride-sms-replies',
  imports: [ClinicDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      padding: 0.6rem 0;
      border-top: 1px solid var(--border);
    }
    li:first-child {
      border-top: 0;
    }
    blockquote {
      margin: 0.2rem 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
  template: `
    @if (replies().length > 0) {
      <section class="card" aria-labelledby="sms-replies-heading">
        <h2 id="sms-replies-heading">Text messages from the patient</h2>
        <ul>
          @for (r of replies(); track r.id) {
            <li>
              <span class="muted">{{ r.receivedAt | clinicDate: timeZone() }}</span>
              <blockquote>{{ r.text }}</blockquote>
            </li>
          }
        </ul>
      </section>
    }
  `,
})
export class SmsRepliesComponent {
  private readonly patients = inject(PatientsService);

  readonly patientId = input.required<string>();
  readonly timeZone = input.required<string>();

  protected readonly replies = signal<SmsReplyView[]>([]);

  constructor() {
    effect((onCleanup) => {
      const subscription = this.patients.smsReplies(this.patientId()).subscribe({
        next: (page) => this.replies.set(page.items),
        // The rest of the page stands without them; the patient's own record loaded or said why not.
        error: () => this.replies.set([]),
      });
      onCleanup(() => subscription.unsubscribe());
    });
  }
}
