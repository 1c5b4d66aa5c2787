import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { parseApiError } from '../core/http/api-error';
import { ExportFile, ExportsService } from '../data-access/exports.service';
import { saveBlobResponse } from '../shared/download';

interface ExportOption {
  file: ExportFile;
  title: string;
  description: string;
  fileName: string;
}

const OPTIONS: ExportOption[] = [
  {
    file: 'long',
    title: 'Outcomes, long format',
    description: 'One row per subject and time point, with its status. Every dashboard figure can be recomputed from it.',
    fileName: 'stride-outcomes-long.csv',
  },
  {
    file: 'wide',
    title: 'Outcomes, wide format',
    description: 'One row per subject; measures suffixed by time point (leg_pain_2w, …).',
    fileName: 'stride-outcomes-wide.csv',
  },
  {
    file: 'dictionary',
    title: 'Data dictionary',
    description: 'What each column means, its type and allowed values.',
    fileName: 'stride-data-dictionary.csv',
  },
];

/** De-identified research exports, fetched with the bearer token and saved as files. */
@Component({
  selector: 'stride-export',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    ul {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: 0.75rem;
      padding: 0.9rem 0;
      border-bottom: 1px solid var(--border);
    }
    li:last-child {
      border-bottom: 0;
    }
    li p {
      margin: 0;
    }
  `,
  template: `
    <div class="page">
      <div class="page-header"><h1>Research export</h1></div>
      <p class="muted">
        Exports are de-identified: subjects and surgeons carry stable pseudonyms, ages are capped at 90 and there are no
        names, contact details, MRNs or calendar dates. Every row carries its definition version.
      </p>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }
      <div class="card">
        <ul>
          @for (option of options; track option.file) {
            <li>
              <div>
                <h2>{{ option.title }}</h2>
                <p class="muted">{{ option.description }}</p>
              </div>
              <button class="btn" type="button" [disabled]="busy() !== null" (click)="download(option)">
                {{ busy() === option.file ? 'Downloading…' : 'Download CSV' }}
                <span class="visually-hidden">: {{ option.title }}</span>
              </button>
            </li>
          }
        </ul>
      </div>
    </div>
  `,
})
export class ExportComponent {
  private readonly exports = inject(ExportsService);

  protected readonly options = OPTIONS;
  protected readonly busy = signal<ExportFile | null>(null);
  protected readonly error = signal<string | null>(null);

  protected download(option: ExportOption): void {
    this.busy.set(option.file);
    this.error.set(null);
    this.exports.download(option.file).subscribe({
      next: (response) => {
        saveBlobResponse(response, option.fileName);
        this.busy.set(null);
      },
      error: (err: unknown) => {
        this.busy.set(null);
        this.error.set(parseApiError(err).message);
      },
    });
  }
}
