import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { CreateUserRequest, Role, UserView } from '@stride/contracts';
import { Observable } from 'rxjs';

/** Data access for /api/users (admin only). */
@Injectable({ providedIn: 'root' })
export class UsersService {
  private readonly http = inject(HttpClient);

  list(role?: Role): Observable<UserView[]> {
    const params = role ? new HttpParams().set('role', role) : undefined;
    return this.http.get<UserView[]>('/api/users', { params });
  }

  create(request: CreateUserRequest): Observable<UserView> {
    return this.http.post<UserView>('/api/users', request);
  }
}
