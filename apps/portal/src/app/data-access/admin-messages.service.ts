import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { OutboundMessageView, SchedulerRunResult } from '@stride/contracts';
import { Observable } from 'rxjs';

/** Data access for /api/admin: the outbox (the demo has no SMTP) and the scheduler. */
@Injectable({ providedIn: 'root' })
export class AdminMessagesService {
  private readonly http = inject(HttpClient);

  list(): Observable<OutboundMessageView[]> {
    return this.http.get<OutboundMessageView[]>('/api/admin/messages');
  }

  runScheduler(): Observable<SchedulerRunResult> {
    return this.http.post<SchedulerRunResult>('/api/admin/scheduler/run', {});
  }
}
