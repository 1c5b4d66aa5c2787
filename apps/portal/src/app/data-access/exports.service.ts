import { HttpClient, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

export type ExportFile = 'long' | 'wide' | 'dictionary';

/** Data access for /api/exports: fetched with the bearer token, then saved as a file. */
@Injectable({ providedIn: 'root' })
export class ExportsService {
  private readonly http = inject(HttpClient);

  download(file: ExportFile): Observable<HttpResponse<Blob>> {
    const url = file === 'dictionary' ? '/api/exports/dictionary.csv' : '/api/exports/outcomes.csv';
    const params = file === 'dictionary' ? undefined : new HttpParams().set('format', file);
    return this.http.get(url, {
      params,
      observe: 'response',
      responseType: 'blob',
    });
  }
}
