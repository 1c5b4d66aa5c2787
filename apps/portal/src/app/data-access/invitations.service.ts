import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ContactAttemptRequest, ContactAttemptView, DeliveryProblemView, InvitationView, IssuedLinkView, StaffResponseRequest, WorklistView } from '@stride/contracts';
import { Observable } from 'rxjs';

/** Data access for /api/invitations: one time point's survey, its links, its delivery. */
@Injectable({ providedIn: 'root' })
export class InvitationsService {
  private readonly http = inject(HttpClient);

  /** Staff entry of a survey collected on paper, by phone or in clinic. */
  recordResponse(invitationId: string, request: StaffResponseRequest): Observable<unknown> {
    return this.http.post<unknown>(`${this.url(invitationId)}/responses`, request);
  }

  /** A fresh patient link for in-clinic use. */
  issueLink(invitationId: string): Observable<IssuedLinkView> {
    return this.http.post<IssuedLinkView>(`${this.url(invitationId)}/link`, {});
  }

  /** Admin: failed sends, sends of unknown outcome, and surveys missed in the last 30 days. */
  deliveryProblems(): Observable<DeliveryProblemView[]> {
    return this.http.get<DeliveryProblemView[]>('/api/invitations/problems');
  }

  /** Admin: back to pending, so the next dispatch sends it again with a new link. 409 when not resendable. */
  resend(invitationId: string): Observable<InvitationView> {
    return this.http.post<InvitationView>(`${this.url(invitationId)}/resend`, {});
  }

  /** Admins and surgeons (their own patients): the surveys that need a call now, and why. */
  worklist(): Observable<WorklistView> {
    return this.http.get<WorklistView>('/api/worklist');
  }

  /** A call about this survey, and how it went. */
  logContactAttempt(invitationId: string, request: ContactAttemptRequest): Observable<ContactAttemptView> {
    return this.http.post<ContactAttemptView>(`${this.url(invitationId)}/contact-attempts`, request);
  }

  private url(invitationId: string): string {
    return `/api/invitations/${encodeURIComponent(invitationId)}`;
  }
}
