import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';
import { apiErrorCode } from '../http/api-error';

/** The patient survey and the login call carry no clinician credentials. */
function isAnonymous(url: string): boolean {
  return url.startsWith('/api/public/') || url.startsWith('/api/auth/login');
}

/** Adds the bearer token to /api calls; a 401 ends the session and goes to the login page. */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  if (!req.url.startsWith('/api/') || isAnonymous(req.url)) {
    return next(req);
  }
  const auth = inject(AuthService);
  const router = inject(Router);
  const token = auth.token();
  const authorized = token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;
  return next(authorized).pipe(
    catchError((err: unknown) => {
      // Signed out elsewhere, deactivated, or expired: the API has ended the session already.
      if (apiErrorCode(err) === 'UNAUTHENTICATED') {
        auth.forget();
        const returnUrl = router.url.startsWith('/login') ? undefined : router.url;
        void router.navigate(['/login'], { queryParams: returnUrl ? { returnUrl } : {} });
      }
      return throwError(() => err);
    }),
  );
};
