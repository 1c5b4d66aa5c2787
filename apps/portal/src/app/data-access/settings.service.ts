import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ClinicSettings } from '@stride/contracts';
import { Observable, catchError, shareReplay, throwError } from 'rxjs';

/** Data access for /api/settings: read once per session, since the clinic's settings change only with a restart. */
@Injectable({ providedIn: 'root' })
export class SettingsService {
  private readonly http = inject(HttpClient);
  private cached: Observable<ClinicSettings> | null = null;

  get(): Observable<ClinicSettings> {
    this.cached ??= this.http.get<ClinicSettings>('/api/settings').pipe(
      // A failed read is not kept: the next page asks again.
      catchError((err: unknown) => {
        this.cached = null;
        return throwError(() => err);
      }),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.cached;
  }
}
