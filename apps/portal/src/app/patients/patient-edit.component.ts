import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Language, PatientView, PREFERRED_CHANNELS, PreferredChannel, UpdatePatientRequest } from '@stride/contracts';
import { formErrorSummary, parseApiError } from '../core/http/api-error';
import { PatientsService } from '../data-access/patients.service';
import { PREFERRED_CHANNEL_LABELS } from '../shared/labels';

type Field = 'givenName' | 'familyName' | 'birthDate' | 'email' | 'phone' | 'language' | 'preferredChannel';

/** Admin: correct a patient's details and how they are followed up. The API checks every rule. */
@Component({
  selector: 'stride-patient-edit',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .buttons { display: flex; gap: 0.5rem; margin-top: 1rem; }
  `,
  template: `
    @if (!open()) {
      <button class="btn btn-secondary no-print" type="button" (click)="start()">Edit details</button>
    } @else {
      <form [formGroup]="form" (ngSubmit)="save()" novalidate aria-labelledby="edit-patient-heading">
        <h3 id="edit-patient-heading">Edit details</h3>
        @if (error(); as message) { <div class="alert alert-error" role="alert">{{ message }}</div> }
        <div class="form-grid">
          @for (f of textFields; track f.name) {
            <div class="field">
              <label [for]="'edit-' + f.name">{{ f.label }}</label>
              <input [id]="'edit-' + f.name" [type]="f.type" [formControlName]="f.name" autocomplete="off"
                [attr.aria-invalid]="errors()[f.name] ? 'true' : null" [attr.aria-describedby]="'edit-' + f.name + '-error'" />
              @if (errors()[f.name]; as m) { <p class="field-error" [id]="'edit-' + f.name + '-error'">{{ m }}</p> }
            </div>
          }
          <div class="field">
            <label for="edit-language">Survey language</label>
            <select id="edit-language" formControlName="language">
              <option value="en">English</option>
              <option value="es">Spanish (Español)</option>
            </select>
          </div>
          <div class="field">
            <label for="edit-preferredChannel">Follow-up by</label>
            <select id="edit-preferredChannel" formControlName="preferredChannel" aria-describedby="edit-preferredChannel-error"
              [attr.aria-invalid]="errors()['preferredChannel'] ? 'true' : null">
              @for (c of channels; track c) { <option [value]="c">{{ channelLabels[c] }}</option> }
            </select>
            @if (errors()['preferredChannel']; as m) { <p class="field-error" id="edit-preferredChannel-error">{{ m }}</p> }
          </div>
        </div>
        <div class="buttons">
          <button class="btn" type="submit" [disabled]="busy()">{{ busy() ? 'Saving…' : 'Save details' }}</button>
          <button class="btn btn-secondary" type="button" (click)="open.set(false)">Cancel</button>
        </div>
      </form>
    }
  `,
})
export class PatientEditComponent {
  private readonly patients = inject(PatientsService);

  readonly patient = input.required<PatientView>();
  readonly changed = output<PatientView>();

  protected readonly channels = PREFERRED_CHANNELS;
  protected readonly channelLabels = PREFERRED_CHANNEL_LABELS;
  protected readonly textFields: { name: Field; label: string; type: string }[] = [
    { name: 'givenName', label: 'Given name', type: 'text' },
    { name: 'familyName', label: 'Family name', type: 'text' },
    { name: 'birthDate', label: 'Birth date', type: 'date' },
    { name: 'email', label: 'Email (empty: none)', type: 'email' },
    { name: 'phone', label: 'Mobile phone (empty: none)', type: 'tel' },
  ];
  protected readonly form = inject(NonNullableFormBuilder).group({
    givenName: [''],
    familyName: [''],
    birthDate: [''],
    email: [''],
    phone: [''],
    language: ['en' as Language],
    preferredChannel: ['email' as PreferredChannel],
  });
  protected readonly open = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly errors = signal<Partial<Record<string, string>>>({});

  protected start(): void {
    const p = this.patient();
    this.form.setValue({
      givenName: p.givenName,
      familyName: p.familyName,
      birthDate: p.birthDate,
      email: p.email ?? '',
      phone: p.phone ?? '',
      language: p.language,
      preferredChannel: p.preferredChannel,
    });
    this.errors.set({});
    this.error.set(null);
    this.open.set(true);
  }

  protected save(): void {
    const v = this.form.getRawValue();
    const request: UpdatePatientRequest = {
      givenName: v.givenName,
      familyName: v.familyName,
      birthDate: v.birthDate,
      email: v.email.trim() || null,
      phone: v.phone.trim() || null,
      language: v.language,
      preferredChannel: v.preferredChannel,
    };
    this.busy.set(true);
    this.patients.update(this.patient().id, request).subscribe({
      next: (patient) => {
        this.busy.set(false);
        this.open.set(false);
        this.changed.emit(patient);
      },
      error: (err: unknown) => {
        const parsed = parseApiError(err);
        this.busy.set(false);
        this.errors.set(parsed.fields);
        this.error.set(formErrorSummary(parsed, Object.keys(this.form.controls)));
      },
    });
  }
}
