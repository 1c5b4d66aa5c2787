import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { SurgeryView, UpdateSurgeryRequest } from '@stride/contracts';
import { Observable } from 'rxjs';

/** Data access for /api/surgeries: a new date moves the surveys not yet sent; cancelling cancels them. */
@Injectable({ providedIn: 'root' })
export class SurgeriesService {
  private readonly http = inject(HttpClient);

  update(surgeryId: string, request: UpdateSurgeryRequest): Observable<SurgeryView> {
    return this.http.patch<SurgeryView>(`/api/surgeries/${encodeURIComponent(surgeryId)}`, request);
  }
}
