import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { CreateUserRequest, ResetPasswordRequest, Role, UpdateUserRequest, UserView } from '@stride/contracts';
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

  /** Rename, change the role, (de)activate, or reset the password; takes effect at once. */
  update(id: string, request: UpdateUserRequest): Observable<UserView> {
    return this.http.patch<UserView>(`/api/users/${id}`, request);
  }

  /** A new password chosen by the admin; the user's sessions end at once (204). */
  resetPassword(id: string, password: string): Observable<void> {
    const request: ResetPasswordRequest = { password };
    return this.http.post<void>(`/api/users/${id}/password`, request);
  }
}
