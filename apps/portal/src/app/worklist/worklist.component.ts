import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CONTACT_OUTCOMES, ContactOutcome, WorklistItem } from '@stride/contracts';
import { forkJoin } from 'rxjs';
import { parseApiError } from '../core/http/api-error';
import { InvitationsService } from '../data-access/invitations.service';
import { SettingsService } from '../data-access/settings.service';
import { StaffResponseFormComponent } from '../patients/staff-response-form.component';
import { ClinicDatePipe } from '../shared/clinic-date.pipe';
import { zoneLabel } from '../shared/dates';
import { CONTACT_OUTCOME_LABELS, TIMEPOINT_LABELS, WORKLIST_REASON_LABELS } from '../shared/labels';

const DAY_MS = 86_400_000;

/** Who needs a call now and why: the API decides the list and its order; this page shows it and logs calls. */
@Component({
  selector: 'stride-worklist',
  imports: [RouterLink, ClinicDatePipe, StaffResponseFormComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .explain { color: var(--muted); max-width: 52rem; }
    .items { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
    .item { border-left: 4px solid var(--primary); }
    .item.reason-unknown, .item.reason-failed { border-left-color: var(--warn, #b45309); }
    .item.reason-missed { border-left-color: var(--border); }
    .top { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: baseline; justify-content: space-between; }
    .top h2 { margin: 0; font-size: 1.1rem; }
    .why { font-weight: 600; }
    .facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0.5rem 0; padding: 0; list-style: none; }
    .phone { font-size: 1.1rem; font-weight: 600; }
    .closing { font-weight: 600; }
    .closing.soon { color: var(--bad, #b91c1c); }
    .calls { margin: 0.25rem 0 0.5rem; padding-left: 1.1rem; color: var(--muted); font-size: 0.9rem; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin-top: 0.5rem; }
    .actions .label { color: var(--muted); font-size: 0.85rem; margin-right: 0.25rem; }
  `,
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Worklist</h1>
        <button class="btn btn-secondary" type="button" (click)="load()" [disabled]="loading()">Refresh</button>
      </div>
      <p class="explain">
        Surveys that need a person: no answer 3 days after the last message, a message that failed or may not have
        arrived, patients followed up by the clinic, and surveys missed in the last week. Closing soonest first. Times are
        clinic time ({{ zone() }}).
      </p>
      <div aria-live="polite">
        @if (notice(); as message) { <div class="alert alert-ok">{{ message }}</div> }
      </div>
      @if (error(); as message) { <div class="alert alert-error" role="alert">{{ message }}</div> }
      @if (items(); as list) {
        @if (list.length === 0) {
          <div class="card"><h2>Nobody to call right now</h2><p class="muted">Every open survey is answered or on its way.</p></div>
        }
        <ul class="items">
          @for (item of list; track item.invitationId) {
            <li class="card item" [class]="'card item reason-' + item.reason" [attr.aria-labelledby]="'wl-' + item.invitationId">
              <div class="top">
                <h2 [id]="'wl-' + item.invitationId">
                  <a [routerLink]="['/patients', item.patientId]">{{ item.patientName }}</a> · {{ timepointLabels[item.timepoint] }}
                </h2>
                <span class="why">{{ reasons[item.reason].title }}</span>
              </div>
              <p class="muted small">{{ reasons[item.reason].hint }}</p>
              <ul class="facts">
                <li>
                  @if (item.phone) { <a class="phone" [href]="'tel:' + item.phone">{{ item.phone }}</a> }
                  @else { <span class="muted">No phone on file</span> }
                </li>
                @if (item.email) { <li class="small">{{ item.email }}</li> }
                <li class="small">{{ item.language === 'es' ? 'Spanish' : 'English' }}</li>
                <li [class]="closingClass(item)">{{ closingText(item) }}</li>
                <li class="small muted">Due {{ item.dueAt | clinicDate: timeZone() : 'date' }}</li>
              </ul>
              @if (item.attempts > 0) {
                <p class="small">{{ item.attempts }} {{ item.attempts === 1 ? 'call' : 'calls' }} logged:</p>
                <ul class="calls">
                  @for (call of item.contactLog; track call.id) {
                    <li>{{ call.createdAt | clinicDate: timeZone() : 'dateTime' }}: {{ outcomes[call.outcome] }} ({{ call.byName }})@if (call.note) {: {{ call.note }}}</li>
                  }
                </ul>
              }
              <div class="actions" role="group" [attr.aria-label]="'Log a call to ' + item.patientName">
                <span class="label">Log call:</span>
                @for (outcome of outcomeList; track outcome) {
                  <button class="btn btn-secondary btn-small" type="button" [disabled]="busy() === item.invitationId" (click)="logCall(item, outcome)">
                    {{ outcomes[outcome] }}
                  </button>
                }
                @if (item.actions.includes('record_response') && recording() !== item.invitationId) {
                  <button class="btn btn-small" type="button" (click)="recording.set(item.invitationId)">Record answers</button>
                }
              </div>
              @if (recording() === item.invitationId) {
                <stride-staff-response-form [invitation]="{ id: item.invitationId, timepoint: item.timepoint, closesAt: item.closesAt }"
                  mode="phone" (saved)="answered(item)" (closed)="recording.set(null)" />
              }
            </li>
          }
        </ul>
      } @else if (loading()) {
        <p class="muted" role="status">Loading…</p>
      }
    </div>
  `,
})
export class WorklistComponent {
  private readonly invitations = inject(InvitationsService);
  private readonly settings = inject(SettingsService);

  protected readonly timepointLabels = TIMEPOINT_LABELS;
  protected readonly reasons = WORKLIST_REASON_LABELS;
  protected readonly outcomes = CONTACT_OUTCOME_LABELS;
  protected readonly outcomeList = CONTACT_OUTCOMES;
  protected readonly items = signal<WorklistItem[] | null>(null);
  protected readonly timeZone = signal('UTC');
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  /** The survey whose call is being logged. */
  protected readonly busy = signal<string | null>(null);
  /** The survey whose phone answers are being entered. */
  protected readonly recording = signal<string | null>(null);
  protected readonly zone = computed(() => zoneLabel(this.timeZone()));

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    forkJoin({ worklist: this.invitations.worklist(), settings: this.settings.get() }).subscribe({
      next: ({ worklist, settings }) => {
        this.timeZone.set(settings.clinicTimezone);
        this.items.set(worklist.items);
        this.error.set(null);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(parseApiError(err).message);
        this.loading.set(false);
      },
    });
  }

  /** "Open 2 more days", "Closes today", "Closed 3 days ago". */
  protected closingText(item: WorklistItem): string {
    const ms = new Date(item.closesAt).getTime() - Date.now();
    if (ms <= 0) return `Closed ${Math.max(1, Math.round(-ms / DAY_MS))} day(s) ago`;
    const days = Math.floor(ms / DAY_MS);
    return days === 0 ? 'Closes today' : `Open ${days} more ${days === 1 ? 'day' : 'days'}`;
  }

  protected closingClass(item: WorklistItem): string {
    return new Date(item.closesAt).getTime() - Date.now() < 2 * DAY_MS ? 'closing soon' : 'closing';
  }

  protected logCall(item: WorklistItem, outcome: ContactOutcome): void {
    this.busy.set(item.invitationId);
    this.notice.set(null);
    this.invitations.logContactAttempt(item.invitationId, { outcome }).subscribe({
      next: () => {
        this.busy.set(null);
        this.notice.set(`Call to ${item.patientName} logged: ${CONTACT_OUTCOME_LABELS[outcome].toLowerCase()}.`);
        this.load();
      },
      error: (err: unknown) => {
        this.busy.set(null);
        this.error.set(parseApiError(err).message);
      },
    });
  }

  protected answered(item: WorklistItem): void {
    this.recording.set(null);
    this.notice.set(`The ${TIMEPOINT_LABELS[item.timepoint]} answers for ${item.patientName} are saved.`);
    this.load();
  }
}
