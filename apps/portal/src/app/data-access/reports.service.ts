import { HttpClient, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CohortFilters, filterParams } from './cohorts.service';

/** Data access for /api/reports: the printable PDF, fetched with the bearer token and saved as a file. */
@Injectable({ providedIn: 'root' })
export class ReportsService {
  private readonly http = inject(HttpClient);

  /** The outcomes report for the dashboard's filters; a surgeon's is always their own cohort. */
  outcomesPdf(filters: CohortFilters): Observable<HttpResponse<Blob>> {
    return this.http.get('/api/reports/outcomes.pdf', { params: filterParams(filters), observe: 'response', responseType: 'blob' });
  }
}
