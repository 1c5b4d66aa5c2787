import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { LoginRequest, LoginResponse, Role, UserView } from '@stride/contracts';
import { Observable, catchError, map, of, tap } from 'rxjs';

// sessionStorage, not localStorage: the session ends with the tab on shared clinic workstations.
const STORAGE_KEY = 'stride.session';

/** Data access for /api/auth, and the signed-in session. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly session = signal<LoginResponse | null>(readStoredSession());

  readonly user = computed<UserView | null>(() => this.session()?.user ?? null);
  readonly role = computed<Role | null>(() => this.user()?.role ?? null);

  login(request: LoginRequest): Observable<UserView> {
    return this.http.post<LoginResponse>('/api/auth/login', request).pipe(
      tap((response) => this.store(response)),
      map((response) => response.user),
    );
  }

  /**
   * Ends the session on the server, so the token is dead even if a copy of it survives in this
   * browser, then forgets it here. Forgotten here even when the server cannot be reached.
   */
  signOut(): Observable<void> {
    if (!this.session()) return of(undefined);
    return this.http.post<void>('/api/auth/logout', null).pipe(
      catchError(() => of(undefined)),
      map(() => this.forget()),
    );
  }

  /** Forgets the session in this tab only (the API has already refused it). */
  forget(): void {
    sessionStorage.removeItem(STORAGE_KEY);
    this.session.set(null);
  }

  /** After an admin changes their own account: the nav and role checks follow at once. */
  refreshUser(user: UserView): void {
    const current = this.session();
    if (current && current.user.id === user.id) this.store({ ...current, user });
  }

  /** The bearer token, or null when signed out or the token has expired. */
  token(): string | null {
    const current = this.session();
    if (!current) return null;
    if (isExpired(current.accessToken)) {
      this.forget();
      return null;
    }
    return current.accessToken;
  }

  hasRole(...roles: Role[]): boolean {
    const role = this.role();
    return role !== null && roles.includes(role);
  }

  private store(response: LoginResponse): void {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(response));
    this.session.set(response);
  }

  /** Where each role lands after login: researchers never see the patient list. */
  homePath(): string {
    return this.role() === 'researcher' ? '/dashboard' : '/patients';
  }
}

function readStoredSession(): LoginResponse | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as LoginResponse;
    return parsed?.accessToken && parsed.user ? parsed : null;
  } catch {
    return null;
  }
}

/** Reads `exp` from a JWT payload. A token we cannot read is left for the API to judge. */
function isExpired(token: string): boolean {
  const payload = token.split('.')[1];
  if (!payload) return false;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && exp * 1000 <= Date.now();
  } catch {
    return false;
  }
}
