import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  UpdatePatientRequest,
  CreatePatientRequest,
  PatientImportReport,
  CreateSurgeryRequest,
  Page,
  PatientListQuery,
  PatientSummaryView,
  PatientView,
  SmsReplyView,
  SurgeryView,
  UpdatePatientStatusRequest,
} from '@stride/contracts';
import { Observable } from 'rxjs';

/** Data access for /api/patients. */
@Injectable({ providedIn: 'root' })
export class PatientsService {
  private readonly http = inject(HttpClient);

  /** Every filter set in `query` goes to the API as a query parameter (page 1 and empty values are left out). */
  list(query: PatientListQuery): Observable<Page<PatientSummaryView>> {
    let params = new HttpParams();
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '' || (name === 'page' && value === 1)) continue;
      params = params.set(name, String(value));
    }
    return this.http.get<Page<PatientSummaryView>>('/api/patients', { params });
  }

  get(id: string): Observable<PatientView> {
    return this.http.get<PatientView>(`/api/patients/${encodeURIComponent(id)}`);
  }

  create(request: CreatePatientRequest): Observable<PatientView> {
    return this.http.post<PatientView>('/api/patients', request);
  }

  /** Admin: corrects details; `email`/`phone` null removes one. 400 with field errors, IMPLAUSIBLE_DATE for a birth date. */
  update(id: string, request: UpdatePatientRequest): Observable<PatientView> {
    return this.http.patch<PatientView>(`/api/patients/${encodeURIComponent(id)}`, request);
  }

  /** Admin: withdrawn, deceased or opted out. Every open survey and reminder stops at once. */
  setStatus(id: string, status: UpdatePatientStatusRequest['status']): Observable<PatientView> {
    const body: UpdatePatientStatusRequest = { status };
    return this.http.patch<PatientView>(`/api/patients/${encodeURIComponent(id)}/status`, body);
  }

  /**
   * Admin: the clinic's CSV file, sent as its own bytes (the API checks the encoding). A dry run
   * changes nothing and reports every row's fate; `dryRun: false` imports the rows that pass.
   */
  importCsv(file: Blob, dryRun: boolean): Observable<PatientImportReport> {
    return this.http.post<PatientImportReport>('/api/patients/import', file, {
      params: new HttpParams().set('dryRun', dryRun),
      headers: { 'Content-Type': 'text/csv' },
    });
  }

  /** What the patient texted back that was not STOP, START or HELP, newest first. */
  smsReplies(id: string): Observable<{ items: SmsReplyView[] }> {
    return this.http.get<{ items: SmsReplyView[] }>(`/api/patients/${encodeURIComponent(id)}/sms-replies`);
  }

  addSurgery(patientId: string, request: CreateSurgeryRequest): Observable<SurgeryView> {
    return this.http.post<SurgeryView>(`/api/patients/${encodeURIComponent(patientId)}/surgeries`, request);
  }
}
