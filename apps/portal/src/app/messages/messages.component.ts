import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { OutboundMessageView, SchedulerRunResult } from '@stride/contracts';
import { forkJoin } from 'rxjs';
import { parseApiError } from '../core/http/api-error';
import { AdminMessagesService } from '../data-access/admin-messages.service';
import { SettingsService } from '../data-access/settings.service';
import { ClinicDatePipe } from '../shared/clinic-date.pipe';
import { zoneLabel } from '../shared/dates';
import { PlainDeliveryError, plainDeliveryError } from '../shared/delivery-errors';

type MessageStatus = OutboundMessageView['status'];

const MESSAGE_STATUS: Record<MessageStatus, { label: string; tone: string; glyph: string }> = {
  queued: { label: 'Queued', tone: 'chip-neutral', glyph: '○' },
  sent: { label: 'Sent', tone: 'chip-ok', glyph: '✓' },
  stored: { label: 'Stored', tone: 'chip-info', glyph: '✉' },
  failed: { label: 'Failed', tone: 'chip-bad', glyph: '✕' },
  // The provider's answer was lost: the invitation waits for review rather than a blind resend.
  unknown: { label: 'Outcome unknown', tone: 'chip-warn', glyph: '!' },
  // Follow-up stopped (cancelled surgery, withdrawal, opt-out, death) before the message was handed over.
  cancelled: { label: 'Not sent: stopped', tone: 'chip-neutral', glyph: '–' },
};

const KIND_LABELS: Record<OutboundMessageView['kind'], string> = { invitation: 'Invitation', reminder: 'Reminder' };

/**
 * The outbox. Without SMTP (the demo) messages are only stored, and this is where an admin
 * reads them and their survey links.
 */
@Component({
  selector: 'stride-messages',
  imports: [RouterLink, ClinicDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    details summary {
      cursor: pointer;
      color: var(--primary);
    }
    pre {
      white-space: pre-wrap;
      font-family: inherit;
      font-size: 0.875rem;
      background: #f7f9fb;
      border: 1px solid var(--border);
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
      margin: 0.4rem 0 0;
      max-width: 36rem;
    }
    .link {
      white-space: nowrap;
      font-size: 0.85rem;
    }
    .recipient {
      display: block;
      overflow-wrap: break-word;
    }
    td.created {
      min-width: 7rem;
    }
    td.message {
      min-width: 11rem;
    }
    .error {
      min-width: 10rem;
      color: var(--bad);
    }
    .raw {
      display: block;
      color: var(--muted);
      font-size: 0.8rem;
      overflow-wrap: anywhere;
    }
    .kind {
      display: inline-block;
      margin-bottom: 0.15rem;
      padding: 0 0.45rem;
      border-radius: 999px;
      background: var(--primary-soft);
      color: var(--primary-strong);
      font-size: 0.75rem;
      font-weight: 700;
      text-transform: uppercase;
      letter-spacing: 0.03em;
    }
    .kind-reminder {
      background: var(--neutral-bg);
      color: var(--neutral);
    }
  `,
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Outbound messages</h1>
        <div class="row">
          <button class="btn btn-secondary" type="button" (click)="load()" [disabled]="loading()">Refresh</button>
          <button class="btn" type="button" (click)="runScheduler()" [disabled]="running()">
            {{ running() ? 'Running…' : 'Run scheduler now' }}
          </button>
        </div>
      </div>
      <div aria-live="polite">
        @if (runResult(); as r) {
          <div class="alert alert-ok">
            Scheduler ran: {{ r.claimed }} claimed, {{ r.sent }} sent, {{ r.failed }} failed, {{ r.missed }} marked missed.
          </div>
        }
      </div>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
      @if (problemCount() > 0) {
        <div class="alert alert-info">
          {{ problemCount() }} {{ problemCount() === 1 ? 'message' : 'messages' }} failed or may not have arrived.
          Surveys that need a person are listed under <a routerLink="/delivery">Delivery problems</a>.
        </div>
      }
      <p class="muted small">Times are clinic time ({{ zone() }}).</p>
      <div class="card">
        @if (messages().length === 0) {
          <p class="muted">{{ loading() ? 'Loading…' : 'No messages yet.' }}</p>
        } @else {
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">To</th>
                  <th scope="col">Kind and message</th>
                  <th scope="col">Status</th>
                  <th scope="col">Error</th>
                  <th scope="col">Survey link</th>
                </tr>
              </thead>
              <tbody>
                @for (m of messages(); track m.id) {
                  <tr>
                    <td class="created">{{ m.createdAt | clinicDate: timeZone() }}</td>
                    <td>
                      <span class="muted small">{{ m.channel === 'sms' ? 'SMS' : 'Email' }}</span>
                      <span class="recipient">{{ m.recipient }}</span>
                    </td>
                    <td class="message">
                      <span class="kind" [class.kind-reminder]="m.kind === 'reminder'">{{ kindLabels[m.kind] }}</span>
                      <details>
                        <summary>{{ m.subject ?? 'Text message' }}</summary>
                        <pre>{{ m.body }}</pre>
                      </details>
                    </td>
                    <td>
                      @let st = statuses[m.status];
                      <span [class]="'chip ' + st.tone"><span aria-hidden="true">{{ st.glyph }}</span> {{ st.label }}</span>
                      @if (m.sentAt) {
                        <div class="muted small">{{ m.sentAt | clinicDate: timeZone() }}</div>
                      }
                    </td>
                    <td>
                      @if (errorText(m); as e) {
                        <div class="error">
                          {{ e.plain }}
                          @if (e.detail) {
                            <span class="raw">{{ e.detail }}</span>
                          }
                        </div>
                      } @else {
                        <span class="muted">–</span>
                      }
                    </td>
                    <td>
                      @if (m.link) {
                        <!-- The full link is in the message text; here, one click to open it. -->
                        <a class="link" [href]="m.link" target="_blank" rel="noopener noreferrer" [title]="m.link">{{ shortLink(m.link) }}</a>
                      } @else {
                        <span class="muted">–</span>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </div>
    </div>
  `,
})
export class MessagesComponent {
  private readonly admin = inject(AdminMessagesService);
  private readonly settings = inject(SettingsService);

  protected readonly statuses = MESSAGE_STATUS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly messages = signal<OutboundMessageView[]>([]);
  protected readonly timeZone = signal('UTC');
  protected readonly zone = computed(() => zoneLabel(this.timeZone()));
  protected readonly problemCount = computed(() => this.messages().filter((m) => m.status === 'failed' || m.status === 'unknown').length);
  protected readonly loading = signal(false);
  protected readonly running = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly runResult = signal<SchedulerRunResult | null>(null);

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    forkJoin({ messages: this.admin.list(), settings: this.settings.get() }).subscribe({
      next: ({ messages, settings }) => {
        this.timeZone.set(settings.clinicTimezone);
        this.messages.set([...messages].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
        this.error.set(null);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(parseApiError(err).message);
        this.loading.set(false);
      },
    });
  }

  protected errorText(message: OutboundMessageView): PlainDeliveryError | null {
    return plainDeliveryError(message.error);
  }

  /** ".../s/pPh39T3b…": enough to tell links apart. */
  protected shortLink(link: string): string {
    const token = link.split('/s/')[1] ?? link;
    return `/s/${token.slice(0, 8)}…`;
  }

  protected runScheduler(): void {
    this.running.set(true);
    this.error.set(null);
    this.admin.runScheduler().subscribe({
      next: (result) => {
        this.runResult.set(result);
        this.running.set(false);
        this.load();
      },
      error: (err: unknown) => {
        this.error.set(parseApiError(err).message);
        this.running.set(false);
      },
    });
  }
}
