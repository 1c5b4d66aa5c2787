import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { OutboundMessageView, SchedulerRunResult } from '@stride/contracts';
import { parseApiError } from '../core/http/api-error';
import { AdminMessagesService } from '../data-access/admin-messages.service';

const MESSAGE_TONES: Record<OutboundMessageView['status'], string> = {
  queued: 'chip-neutral',
  sent: 'chip-ok',
  stored: 'chip-info',
  failed: 'chip-warn',
  // The provider's answer was lost: the invitation waits for review rather than a blind resend.
  unknown: 'chip-warn',
};

/**
 * The outbox. Without SMTP (the demo) messages are only stored, and this is where an admin
 * reads them and their survey links.
 */
@Component({
  selector: 'stride-messages',
  imports: [DatePipe],
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
      word-break: break-all;
      font-size: 0.85rem;
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
      <div class="card">
        @if (messages().length === 0) {
          <p class="muted">{{ loading() ? 'Loading…' : 'No messages yet.' }}</p>
        } @else {
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Recipient</th>
                  <th scope="col">Message</th>
                  <th scope="col">Status</th>
                  <th scope="col">Survey link</th>
                </tr>
              </thead>
              <tbody>
                @for (m of messages(); track m.id) {
                  <tr>
                    <td>{{ m.createdAt | date: 'short' }}</td>
                    <td>{{ m.channel === 'sms' ? 'SMS' : 'Email' }}</td>
                    <td>{{ m.recipient }}</td>
                    <td>
                      <details>
                        <summary>{{ m.subject ?? 'Text message' }}</summary>
                        <pre>{{ m.body }}</pre>
                      </details>
                    </td>
                    <td>
                      <span [class]="'chip ' + tones[m.status]">{{ m.status }}</span>
                      @if (m.sentAt) {
                        <div class="muted small">{{ m.sentAt | date: 'short' }}</div>
                      }
                    </td>
                    <td>
                      @if (m.link) {
                        <a class="link" [href]="m.link" target="_blank" rel="noopener noreferrer">{{ m.link }}</a>
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

  protected readonly tones = MESSAGE_TONES;
  protected readonly messages = signal<OutboundMessageView[]>([]);
  protected readonly loading = signal(false);
  protected readonly running = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly runResult = signal<SchedulerRunResult | null>(null);

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.admin.list().subscribe({
      next: (messages) => {
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
