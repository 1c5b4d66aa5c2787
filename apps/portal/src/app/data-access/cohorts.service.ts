import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { AgeBand, CaseMixView, CohortSummary, FunnelView, Procedure, SurgeonOption, Timepoint } from '@stride/contracts';
import { Observable } from 'rxjs';

/** The cohort filters shared by the summary, the funnel and the export (all optional). */
export interface CohortFilters {
  surgeonId?: string;
  procedure?: Procedure;
  ageBand?: AgeBand;
  /** Surgery date range, inclusive, YYYY-MM-DD. */
  surgeryFrom?: string;
  surgeryTo?: string;
}

export type FunnelTimepoint = Exclude<Timepoint, 'baseline'>;
export type FunnelMeasure = FunnelView['measure'];

/** Data access for /api/cohorts. */
@Injectable({ providedIn: 'root' })
export class CohortsService {
  private readonly http = inject(HttpClient);

  summary(filters: CohortFilters): Observable<CohortSummary> {
    return this.http.get<CohortSummary>('/api/cohorts/summary', { params: filterParams(filters) });
  }

  /** Every surgeon against the benchmark; the API ignores a surgeon filter here, so none is sent. */
  funnel(filters: CohortFilters, timepoint: FunnelTimepoint, measure: FunnelMeasure): Observable<FunnelView> {
    const params = filterParams({ ...filters, surgeonId: undefined }).set('timepoint', timepoint).set('measure', measure);
    return this.http.get<FunnelView>('/api/cohorts/funnel', { params });
  }

  /** Every surgeon's case mix and risk-adjusted success at a time point; clinic-wide, like the funnel. */
  caseMix(filters: CohortFilters, timepoint: FunnelTimepoint): Observable<CaseMixView> {
    const params = filterParams({ ...filters, surgeonId: undefined }).set('timepoint', timepoint);
    return this.http.get<CaseMixView>('/api/cohorts/case-mix', { params });
  }

  /** The surgeons this caller may filter by, named as the caller may see them (name, pseudonym, or self). */
  surgeons(): Observable<SurgeonOption[]> {
    return this.http.get<SurgeonOption[]>('/api/cohorts/surgeons');
  }
}

/** The filters as query parameters, unset ones left out (the PDF report takes the same). */
export function filterParams(filters: CohortFilters): HttpParams {
  let params = new HttpParams();
  for (const key of ['surgeonId', 'procedure', 'ageBand', 'surgeryFrom', 'surgeryTo'] as const) {
    const value = filters[key];
    if (value) params = params.set(key, value);
  }
  return params;
}
