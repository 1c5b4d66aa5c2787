import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { CohortSummary, Procedure } from '@stride/contracts';
import { Observable } from 'rxjs';

export interface CohortFilters {
  surgeonId?: string;
  procedure?: Procedure;
}

/** Data access for /api/cohorts. */
@Injectable({ providedIn: 'root' })
export class CohortsService {
  private readonly http = inject(HttpClient);

  summary(filters: CohortFilters): Observable<CohortSummary> {
    let params = new HttpParams();
    if (filters.surgeonId) params = params.set('surgeonId', filters.surgeonId);
    if (filters.procedure) params = params.set('procedure', filters.procedure);
    return this.http.get<CohortSummary>('/api/cohorts/summary', { params });
  }
}
