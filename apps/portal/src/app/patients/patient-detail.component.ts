import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { PatientView } from '@stride/contracts';
import { Subject, catchError, forkJoin, merge, of, switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { ParsedApiError, parseApiError } from '../core/http/api-error';
import { PatientsService } from '../data-access/patients.service';
import { SettingsService } from '../data-access/settings.service';
import { CalendarDayPipe } from '../shared/calendar-day.pipe';
import { PATIENT_STATUS_LABELS, PREFERRED_CHANNEL_LABELS } from '../shared/labels';
import { StopFollowUpComponent } from './stop-follow-up.component';
import { PatientEditComponent } from './patient-edit.component';
import { SurgeryPanelComponent } from './surgery-panel.component';
import { AlertsPanelComponent } from '../alerts/alerts-panel.component';
import { SmsRepliesComponent } from './sms-replies.component';

/** One patient: demographics, each surgery with its follow-up ledger and scores, and stopping follow-up. */
@Component({
  selector: 'stride-patient-detail',
  imports: [RouterLink, CalendarDayPipe, SurgeryPanelComponent, StopFollowUpComponent, AlertsPanelComponent, PatientEditComponent, SmsRepliesComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    dl {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
      gap: 0.75rem 1.5rem;
      margin: 0;
    }
    dt {
      font-size: 0.8rem;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      color: var(--muted);
    }
    dd {
      margin: 0;
      font-weight: 500;
      overflow-wrap: anywhere;
    }
    stride-patient-edit {
      display: block;
      margin-top: 1rem;
    }
    .back {
      display: inline-block;
      margin-bottom: 0.75rem;
    }
  `,
  template: `
    <div class="page">
      <a class="back no-print" routerLink="/patients">← All patients</a>
      @if (error(); as err) {
        <div class="alert alert-error" role="alert">
          {{ err.code === 'NOT_FOUND' ? 'This patient was not found, or is not one of yours.' : err.message }}
        </div>
      }
      @if (patient(); as p) {
        <div class="page-header">
          <h1>{{ p.givenName }} {{ p.familyName }}</h1>
          <span class="chip" [class.chip-ok]="p.status === 'active'" [class.chip-warn]="p.status !== 'active'">
            <span class="visually-hidden">Follow-up status: </span>{{ statusLabel() }}
          </span>
        </div>
        @if (p.status !== 'active') {
          <div class="alert alert-info">
            Follow-up stopped: <strong>{{ statusLabel() }}</strong>. No surveys or reminders are sent to this patient, and
            their survey links no longer open. Answers already received are kept.
          </div>
        }
        <section class="card" aria-labelledby="demographics-heading">
          <h2 id="demographics-heading">Patient</h2>
          <dl>
            <div><dt>MRN</dt><dd>{{ p.mrn }}</dd></div>
            <div><dt>Birth date</dt><dd>{{ p.birthDate | calendarDay }} ({{ age() }} y)</dd></div>
            <div><dt>Surgeon</dt><dd>{{ p.surgeonName }}</dd></div>
            <div><dt>Language</dt><dd>{{ p.language === 'es' ? 'Spanish' : 'English' }}</dd></div>
            <div><dt>Email</dt><dd>{{ p.email ?? '–' }}</dd></div>
            <div><dt>Phone</dt><dd>{{ p.phone ?? '–' }}</dd></div>
            <div><dt>Follow-up by</dt><dd>{{ channelLabels[p.preferredChannel] }}</dd></div>
          </dl>
          @if (isAdmin()) {
            <stride-patient-edit [patient]="p" (changed)="patient.set($event)" />
          }
        </section>
        <section class="card" aria-label="Alerts">
          <stride-alerts-panel [patientId]="p.id" />
        </section>
        <stride-sms-replies [patientId]="p.id" [timeZone]="timeZone()" />
        @for (s of p.surgeries; track s.id) {
          <stride-surgery-panel [surgery]="s" [timeZone]="timeZone()" [canManage]="canManage()" [paper]="p.preferredChannel === 'paper'"
            (changed)="reload()" />
        } @empty {
          <div class="card"><p class="muted">No surgery recorded for this patient.</p></div>
        }
        @if (isAdmin()) {
          <stride-stop-follow-up [patient]="p" (changed)="patient.set($event)" />
        }
      } @else if (!error()) {
        <p class="muted">Loading…</p>
      }
    </div>
  `,
})
export class PatientDetailComponent {
  private readonly patients = inject(PatientsService);
  private readonly auth = inject(AuthService);
  private readonly settings = inject(SettingsService);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly channelLabels = PREFERRED_CHANNEL_LABELS;
  protected readonly patient = signal<PatientView | null>(null);
  protected readonly error = signal<ParsedApiError | null>(null);
  /** The clinic's time zone, from the settings, read with the patient. */
  protected readonly timeZone = signal('UTC');
  /** Staff actions on surgeries and surveys apply only while the patient is in follow-up. */
  protected readonly canManage = computed(() => this.auth.hasRole('admin', 'surgeon') && this.patient()?.status === 'active');
  protected readonly isAdmin = computed(() => this.auth.hasRole('admin'));
  protected readonly statusLabel = computed(() => {
    const p = this.patient();
    return p ? PATIENT_STATUS_LABELS[p.status] : '';
  });
  protected readonly age = computed(() => {
    const p = this.patient();
    return p ? ageOn(p.birthDate, new Date()) : null;
  });

  private readonly refresh = new Subject<string>();

  constructor() {
    merge(toObservable(this.id), this.refresh)
      .pipe(
        tap(() => this.error.set(null)),
        switchMap((id) =>
          forkJoin({ patient: this.patients.get(id), settings: this.settings.get() }).pipe(
            catchError((err: unknown) => of(parseApiError(err))),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((outcome) => {
        if ('patient' in outcome) {
          this.timeZone.set(outcome.settings.clinicTimezone);
          this.patient.set(outcome.patient);
        } else {
          this.patient.set(null);
          this.error.set(outcome);
        }
      });
  }

  protected reload(): void {
    this.refresh.next(this.id());
  }
}

function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}
