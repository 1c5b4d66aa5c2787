import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { AlertList, AlertListQuery, AlertView } from '@stride/contracts';
import { Observable, tap } from 'rxjs';

/** Data access for /api/alerts, and the open count the shell's nav badge shows. */
@Injectable({ providedIn: 'root' })
export class AlertsService {
  private readonly http = inject(HttpClient);
  private readonly open = signal<number | null>(null);
  /** Open alerts the caller can see, or null before the first count. */
  readonly openCount = this.open.asReadonly();

  list(query: AlertListQuery = {}): Observable<AlertList> {
    let params = new HttpParams();
    if (query.open !== undefined) params = params.set('open', String(query.open));
    if (query.patientId) params = params.set('patientId', query.patientId);
    return this.http.get<AlertList>('/api/alerts', { params }).pipe(
      tap((list) => {
        // A full (unfiltered by patient) read also refreshes the badge.
        if (!query.patientId) this.open.set(list.items.filter((a) => a.acknowledgedAt === null).length);
      }),
    );
  }

  /** 409 CONFLICT when someone already acknowledged it. */
  acknowledge(id: string): Observable<AlertView> {
    return this.http.post<AlertView>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, {}).pipe(
      tap(() => this.open.update((n) => (n === null ? n : Math.max(0, n - 1)))),
    );
  }

  refreshCount(): void {
    this.list({ open: true }).subscribe({ error: () => this.open.set(null) });
  }
}
