import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { CreatePatientRequest, PreferredChannel, Language, PROCEDURES, PatientView, Procedure, UserView } from '@stride/contracts';
import { formErrorSummary, parseApiError } from '../core/http/api-error';
import { PatientsService } from '../data-access/patients.service';
import { UsersService } from '../data-access/users.service';
import { PROCEDURE_LABELS } from '../shared/labels';

type FieldName =
  | 'mrn' | 'givenName' | 'familyName' | 'birthDate' | 'email' | 'phone'
  | 'language' | 'preferredChannel' | 'surgeonId' | 'procedure' | 'surgeryDate';

/**
 * Enrollment in one form: the patient, then their surgery (which creates the invitation ledger).
 * If the patient is saved but the surgery is refused, a retry only sends the surgery.
 */
@Component({
  selector: 'stride-enroll',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    fieldset {
      border: 0;
      padding: 0;
      margin: 0 0 1.5rem;
    }
    legend {
      font-size: 1.1rem;
      font-weight: 700;
      margin-bottom: 0.75rem;
    }
    fieldset:disabled {
      opacity: 0.7;
    }
  `,
  template: `
    <div class="page">
      <div class="page-header"><h1>Enroll a patient</h1></div>
      <form class="card" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        @if (error(); as message) {
          <div class="alert alert-error" role="alert">{{ message }}</div>
        }
        @if (savedPatient(); as p) {
          <div class="alert alert-info" role="status">
            {{ p.givenName }} {{ p.familyName }} was saved. Correct the surgery below and save again.
          </div>
        }
        <fieldset [disabled]="!!savedPatient()">
          <legend>Patient</legend>
          <div class="form-grid">
            <div class="field">
              <label for="mrn">MRN</label>
              <input id="mrn" formControlName="mrn" autocomplete="off" [attr.aria-invalid]="invalid('mrn')" aria-describedby="mrn-error" />
              @if (message('mrn'); as m) { <p class="field-error" id="mrn-error">{{ m }}</p> }
            </div>
            <div class="field">
              <label for="givenName">Given name</label>
              <input id="givenName" formControlName="givenName" autocomplete="off" [attr.aria-invalid]="invalid('givenName')" aria-describedby="givenName-error" />
              @if (message('givenName'); as m) { <p class="field-error" id="givenName-error">{{ m }}</p> }
            </div>
            <div class="field">
              <label for="familyName">Family name</label>
              <input id="familyName" formControlName="familyName" autocomplete="off" [attr.aria-invalid]="invalid('familyName')" aria-describedby="familyName-error" />
              @if (message('familyName'); as m) { <p class="field-error" id="familyName-error">{{ m }}</p> }
            </div>
            <div class="field">
              <label for="birthDate">Birth date</label>
              <input id="birthDate" type="date" formControlName="birthDate" [attr.aria-invalid]="invalid('birthDate')" aria-describedby="birthDate-error" />
              @if (message('birthDate'); as m) { <p class="field-error" id="birthDate-error">{{ m }}</p> }
            </div>
            <div class="field">
              <label for="email">Email <span class="muted">(optional)</span></label>
              <input id="email" type="email" formControlName="email" autocomplete="off" [attr.aria-invalid]="invalid('email')" aria-describedby="email-error" />
              @if (message('email'); as m) { <p class="field-error" id="email-error">{{ m }}</p> }
            </div>
            <div class="field">
              <label for="phone">Mobile phone <span class="muted">(optional)</span></label>
              <input id="phone" type="tel" formControlName="phone" autocomplete="off" [attr.aria-invalid]="invalid('phone')" aria-describedby="phone-error" />
              @if (message('phone'); as m) { <p class="field-error" id="phone-error">{{ m }}</p> }
            </div>
            <div class="field">
              <label for="preferredChannel">Send survey links by</label>
              <select id="preferredChannel" formControlName="preferredChannel" aria-describedby="preferredChannel-error">
                <option value="">Email if given, else SMS, else the clinic</option>
                <option value="email">Email</option>
                <option value="sms">SMS</option>
                <option value="paper">Nothing sent: paper or phone, by the clinic</option>
              </select>
              @if (message('preferredChannel'); as m) { <p class="field-error" id="preferredChannel-error">{{ m }}</p> }
            </div>
            <div class="field">
              <label for="language">Survey language</label>
              <select id="language" formControlName="language" aria-describedby="language-error">
                <option value="en">English</option>
                <option value="es">Spanish (Español)</option>
              </select>
              @if (message('language'); as m) { <p class="field-error" id="language-error">{{ m }}</p> }
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>Surgery</legend>
          <div class="form-grid">
            <div class="field">
              <label for="surgeonId">Surgeon</label>
              <select id="surgeonId" formControlName="surgeonId" [attr.aria-invalid]="invalid('surgeonId')" aria-describedby="surgeonId-error">
                <option value="" disabled>Choose a surgeon</option>
                @for (s of surgeons(); track s.id) { <option [value]="s.id">{{ s.name }}</option> }
              </select>
              @if (message('surgeonId'); as m) { <p class="field-error" id="surgeonId-error">{{ m }}</p> }
            </div>
            <div class="field">
              <label for="procedure">Procedure</label>
              <select id="procedure" formControlName="procedure" aria-describedby="procedure-error">
                @for (p of procedures; track p) { <option [value]="p">{{ procedureLabels[p] }}</option> }
              </select>
              @if (message('procedure'); as m) { <p class="field-error" id="procedure-error">{{ m }}</p> }
            </div>
            <div class="field">
              <label for="surgeryDate">Surgery date</label>
              <input id="surgeryDate" type="date" formControlName="surgeryDate" [attr.aria-invalid]="invalid('surgeryDate')" aria-describedby="surgeryDate-hint surgeryDate-error" />
              <span class="hint" id="surgeryDate-hint">The baseline survey must be answered before this date.</span>
              @if (message('surgeryDate'); as m) { <p class="field-error" id="surgeryDate-error">{{ m }}</p> }
            </div>
          </div>
        </fieldset>
        <button class="btn" type="submit" [disabled]="busy()">{{ busy() ? 'Saving…' : savedPatient() ? 'Save surgery' : 'Enroll patient' }}</button>
      </form>
    </div>
  `,
})
export class EnrollComponent {
  private readonly patients = inject(PatientsService);
  private readonly router = inject(Router);

  protected readonly procedures = PROCEDURES;
  protected readonly procedureLabels = PROCEDURE_LABELS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    mrn: ['', Validators.required],
    givenName: ['', Validators.required],
    familyName: ['', Validators.required],
    birthDate: ['', Validators.required],
    email: ['', Validators.email],
    phone: [''],
    preferredChannel: ['' as PreferredChannel | ''],
    language: ['en' as Language],
    surgeonId: ['', Validators.required],
    procedure: ['laminectomy' as Procedure],
    surgeryDate: ['', Validators.required],
  });
  protected readonly surgeons = signal<UserView[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly savedPatient = signal<PatientView | null>(null);
  private readonly serverErrors = signal<Partial<Record<string, string>>>({});
  private readonly submitted = signal(false);

  constructor() {
    inject(UsersService)
      .list('surgeon')
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (users) => this.surgeons.set(users.filter((u) => u.active)),
        error: (err: unknown) => this.error.set(`Could not load the surgeons: ${parseApiError(err).message}`),
      });
  }

  protected message(name: FieldName): string | null {
    const server = this.serverErrors()[name];
    if (server) return server;
    const control = this.form.controls[name];
    if (!this.submitted() || control.valid) return null;
    return control.hasError('email') ? 'Enter a valid email address.' : 'Required.';
  }

  protected invalid(name: FieldName): 'true' | null {
    return this.message(name) ? 'true' : null;
  }

  protected submit(): void {
    this.submitted.set(true);
    this.serverErrors.set({});
    this.error.set(null);
    const patientFieldsValid = !!this.savedPatient() || this.patientControlsValid();
    if (!patientFieldsValid || this.form.controls.surgeonId.invalid || this.form.controls.surgeryDate.invalid) {
      this.error.set('Please correct the marked fields.');
      return;
    }
    this.busy.set(true);
    const saved = this.savedPatient();
    if (saved) {
      this.addSurgery(saved);
      return;
    }
    this.patients.create(this.patientRequest()).subscribe({
      next: (patient) => {
        this.savedPatient.set(patient);
        this.addSurgery(patient);
      },
      error: (err: unknown) => this.fail(err),
    });
  }

  private addSurgery(patient: PatientView): void {
    const v = this.form.getRawValue();
    this.patients
      .addSurgery(patient.id, { procedure: v.procedure, surgeryDate: v.surgeryDate, surgeonId: v.surgeonId })
      .subscribe({
        next: () => void this.router.navigate(['/patients', patient.id]),
        error: (err: unknown) => this.fail(err),
      });
  }

  private patientRequest(): CreatePatientRequest {
    const v = this.form.getRawValue();
    return {
      mrn: v.mrn.trim(),
      givenName: v.givenName.trim(),
      familyName: v.familyName.trim(),
      birthDate: v.birthDate,
      language: v.language,
      surgeonId: v.surgeonId,
      ...(v.preferredChannel ? { preferredChannel: v.preferredChannel } : {}),
      ...(v.email.trim() ? { email: v.email.trim() } : {}),
      ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
    };
  }

  private patientControlsValid(): boolean {
    const c = this.form.controls;
    return [c.mrn, c.givenName, c.familyName, c.birthDate, c.email].every((control) => control.valid);
  }

  private fail(err: unknown): void {
    const parsed = parseApiError(err);
    this.busy.set(false);
    this.serverErrors.set(parsed.fields);
    this.error.set(formErrorSummary(parsed, Object.keys(this.form.controls)));
  }
}
