import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ReschedulePreview, SurgeryView, UpdateSurgeryRequest } from '@stride/contracts';
import { Observable } from 'rxjs';

/** Data access for /api/surgeries: a new date moves the surveys (preview first); cancelling stops them. */
@Injectable({ providedIn: 'root' })
export class SurgeriesService {
  private readonly http = inject(HttpClient);

  update(surgeryId: string, request: UpdateSurgeryRequest): Observable<SurgeryView> {
    return this.http.patch<SurgeryView>(`/api/surgeries/${encodeURIComponent(surgeryId)}`, request);
  }

  /** What a new date would do to each survey, changing nothing. */
  previewReschedule(surgeryId: string, surgeryDate: string): Observable<ReschedulePreview> {
    return this.http.post<ReschedulePreview>(`/api/surgeries/${encodeURIComponent(surgeryId)}/reschedule-preview`, { surgeryDate });
  }
}
