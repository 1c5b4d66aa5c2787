import { inject } from '@angular/core';
import { CanMatchFn, Router, UrlTree } from '@angular/router';
import { Role } from '@stride/contracts';
import { AuthService } from './auth.service';

/** Signed-out visitors go to the login page, which sends them back where they were going. */
export const authGuard: CanMatchFn = () => {
  if (inject(AuthService).token()) return true;
  return loginRedirect(inject(Router));
};

/** The API enforces access; this only keeps people away from pages that would refuse them. */
export function roleGuard(...roles: Role[]): CanMatchFn {
  return () => {
    const auth = inject(AuthService);
    const router = inject(Router);
    if (!auth.token()) return loginRedirect(router);
    return auth.hasRole(...roles) ? true : router.parseUrl(auth.homePath());
  };
}

function loginRedirect(router: Router): UrlTree {
  const target = router.currentNavigation()?.extractedUrl;
  const returnUrl = target ? router.serializeUrl(target) : '/';
  return router.createUrlTree(['/login'], { queryParams: returnUrl === '/' ? {} : { returnUrl } });
}
