import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PatientImportReport, PatientImportRow } from '@stride/contracts';
import { apiErrorCode, parseApiError } from '../core/http/api-error';
import { PatientsService } from '../data-access/patients.service';

const COLUMNS = 'mrn,given_name,family_name,birth_date,email,phone,language,surgeon_email,procedure,surgery_date';

/**
 * Admin: enroll patients with their surgeries from the clinic's CSV. Choosing a file runs the
 * API's dry run (the same checks as the CLI and as the import itself) and shows every row's fate;
 * nothing is written until the coordinator confirms.
 */
@Component({
  selector: 'stride-import',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .explain {
      color: var(--muted);
      max-width: 52rem;
    }
    code.columns {
      overflow-wrap: anywhere;
    }
    .summary {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem 1.5rem;
      align-items: center;
    }
    .summary strong {
      font-size: 1.1rem;
    }
    .problems {
      margin: 0;
      padding-left: 1rem;
      min-width: 14rem;
    }
    .problems .column {
      font-family: ui-monospace, monospace;
      font-size: 0.85rem;
    }
    .nowrap {
      white-space: nowrap;
    }
    tr.refused th,
    tr.refused td {
      background: var(--bad-bg);
    }
    .file-errors {
      margin: 0.5rem 0 0;
      padding-left: 1.25rem;
    }
    .line-label {
      display: none;
    }
    /* On a phone each row is a small card: line, MRN and name, its outcome, then its problems. */
    @media (max-width: 640px) {
      table.data thead {
        display: none;
      }
      table.data tr {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.25rem 0.75rem;
        padding: 0.75rem 0.5rem;
        border-bottom: 1px solid var(--border, #ddd);
      }
      table.data th,
      table.data td {
        display: block;
        padding: 0;
        border: 0;
      }
      table.data td.problems-cell {
        flex-basis: 100%;
      }
      table.data tr.refused {
        background: var(--bad-bg);
      }
      tr.refused th,
      tr.refused td {
        background: transparent;
      }
      .no-problems {
        display: none;
      }
      .line-label {
        display: inline;
      }
    }
  `,
  template: `
    <div class="page">
      <div class="page-header"><h1>Import patients</h1></div>
      <p class="explain">
        A CSV file saved as UTF-8 (in Excel: "CSV UTF-8"), one row per patient and surgery, with the columns
        <code class="columns">{{ columns }}</code>. You will see what happens to every row before anything is saved.
      </p>

      <div class="card">
        <label class="field">
          <span>CSV file</span>
          <input #picker type="file" accept=".csv,text/csv" (change)="choose(picker.files?.[0] ?? null)" [disabled]="busy()" />
        </label>
        @if (busy()) {
          <p class="muted" role="status">{{ imported() ? 'Importing…' : 'Checking every row…' }}</p>
        }
      </div>

      <div aria-live="polite">
        @if (fileErrors().length > 0) {
          <div class="alert alert-error" role="alert">
            <strong>This file cannot be imported; nothing was saved.</strong>
            <ul class="file-errors">
              @for (message of fileErrors(); track $index) {
                <li>{{ message }}</li>
              }
            </ul>
          </div>
        }
        @if (error(); as message) {
          <div class="alert alert-error" role="alert">{{ message }}</div>
        }
        @if (report(); as r) {
          @if (!r.dryRun) {
            <div class="alert alert-ok">
              Imported {{ r.accepted }} {{ r.accepted === 1 ? 'patient' : 'patients' }} with their surgeries.
              @if (r.refused > 0) {
                {{ r.refused }} {{ r.refused === 1 ? 'row was' : 'rows were' }} left out: fix them in the file and import it again.
              }
            </div>
          }
        }
      </div>

      @if (report(); as r) {
        <section class="card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{{ r.dryRun ? 'Preview: nothing is saved yet' : 'Result' }}</h2>
          <div class="summary">
            <span><strong>{{ r.rows.length }}</strong> {{ r.rows.length === 1 ? 'row' : 'rows' }} in {{ fileName() }}</span>
            <span class="chip chip-ok">{{ r.accepted }} {{ r.dryRun ? 'will be imported' : 'imported' }}</span>
            <span class="chip" [class.chip-bad]="r.refused > 0" [class.chip-neutral]="r.refused === 0">{{ r.refused }} refused</span>
            @if (r.dryRun) {
              <button class="btn" type="button" (click)="confirm()" [disabled]="busy() || r.accepted === 0">
                Import {{ r.accepted }} {{ r.accepted === 1 ? 'patient' : 'patients' }}
              </button>
            }
          </div>
          @if (r.dryRun && r.refused > 0) {
            <p class="explain">Refused rows are not imported. Import the others now, or fix the file and choose it again.</p>
          }
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">MRN</th>
                  <th scope="col">Name</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Problems</th>
                </tr>
              </thead>
              <tbody>
                @for (row of r.rows; track row.line) {
                  <tr [class.refused]="row.status === 'refused'">
                    <td class="muted"><span class="line-label">Line </span>{{ row.line }}</td>
                    <th scope="row" class="nowrap">{{ row.mrn || '–' }}</th>
                    <td>
                      @if (row.patientId) {
                        <a [routerLink]="['/patients', row.patientId]">{{ row.name }}</a>
                      } @else {
                        {{ row.name || '–' }}
                      }
                    </td>
                    <td class="nowrap">
                      <span class="chip" [class.chip-ok]="row.status === 'accepted'" [class.chip-bad]="row.status === 'refused'">
                        {{ outcome(row, r.dryRun) }}
                      </span>
                    </td>
                    <td class="problems-cell">
                      @if (row.errors.length > 0) {
                        <ul class="problems">
                          @for (e of row.errors; track $index) {
                            <li><span class="column">{{ e.field }}</span>: {{ e.message }}</li>
                          }
                        </ul>
                      } @else {
                        <span class="muted no-problems">–</span>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </section>
      }
    </div>
  `,
})
export class ImportComponent {
  private readonly patients = inject(PatientsService);

  protected readonly columns = COLUMNS;
  protected readonly file = signal<File | null>(null);
  protected readonly report = signal<PatientImportReport | null>(null);
  protected readonly fileErrors = signal<string[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly imported = signal(false);
  protected readonly fileName = computed(() => this.file()?.name ?? 'the file');

  protected choose(file: File | null): void {
    this.file.set(file);
    this.report.set(null);
    this.imported.set(false);
    if (file) this.send(file, true);
  }

  protected confirm(): void {
    const file = this.file();
    if (file) this.send(file, false);
  }

  protected outcome(row: PatientImportRow, dryRun: boolean): string {
    if (row.status === 'refused') return 'Refused';
    return dryRun ? 'Will be imported' : 'Imported';
  }

  private send(file: File, dryRun: boolean): void {
    this.busy.set(true);
    this.imported.set(!dryRun);
    this.error.set(null);
    this.fileErrors.set([]);
    this.patients.importCsv(file, dryRun).subscribe({
      next: (report) => {
        this.report.set(report);
        this.busy.set(false);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.report.set(null);
        const parsed = parseApiError(err);
        // A file refused as a whole names each problem under `file`; the code decides, not the text.
        const fileProblems = apiErrorCode(err) === 'VALIDATION_FAILED' ? fileMessages(err) : [];
        if (fileProblems.length > 0) this.fileErrors.set(fileProblems);
        else if (parsed.code === 'PAYLOAD_TOO_LARGE') this.error.set('The file is too large: at most 2 MiB can be imported at once. Split it.');
        else this.error.set(parsed.message);
      },
    });
  }
}

function fileMessages(err: unknown): string[] {
  const errors = (err as { error?: { errors?: { field: string; message: string }[] } }).error?.errors ?? [];
  return errors.filter((e) => e.field === 'file').map((e) => e.message);
}
