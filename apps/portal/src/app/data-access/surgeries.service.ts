import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { IssuedLinkView, StaffResponseRequest, SurgeryView, UpdateSurgeryRequest } from '@stride/contracts';
import { Observable } from 'rxjs';

/** Data access for /api/surgeries and /api/invitations: the follow-up of one surgery. */
@Injectable({ providedIn: 'root' })
export class SurgeriesService {
  private readonly http = inject(HttpClient);

  update(surgeryId: string, request: UpdateSurgeryRequest): Observable<SurgeryView> {
    return this.http.patch<SurgeryView>(`/api/surgeries/${encodeURIComponent(surgeryId)}`, request);
  }

  /** Staff entry of a survey collected on paper, by phone or in clinic. */
  recordResponse(invitationId: string, request: StaffResponseRequest): Observable<unknown> {
    return this.http.post<unknown>(`/api/invitations/${encodeURIComponent(invitationId)}/responses`, request);
  }

  /** A fresh patient link for in-clinic use. */
  issueLink(invitationId: string): Observable<IssuedLinkView> {
    return this.http.post<IssuedLinkView>(`/api/invitations/${encodeURIComponent(invitationId)}/link`, {});
  }
}
