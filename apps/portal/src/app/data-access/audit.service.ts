import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { AuditEventView, Page } from '@stride/contracts';
import { Observable } from 'rxjs';

export interface AuditFilters {
  page?: number;
  /** An exact action, e.g. `patient.read`. */
  action?: string;
  /** A user's id: what that person did. */
  actor?: string;
}

/** Data access for /api/admin/audit (admin only). Reading the log is itself recorded. */
@Injectable({ providedIn: 'root' })
export class AuditService {
  private readonly http = inject(HttpClient);

  list(filters: AuditFilters): Observable<Page<AuditEventView>> {
    let params = new HttpParams();
    if (filters.page && filters.page > 1) params = params.set('page', filters.page);
    if (filters.action) params = params.set('action', filters.action);
    if (filters.actor) params = params.set('actor', filters.actor);
    return this.http.get<Page<AuditEventView>>('/api/admin/audit', { params });
  }
}
