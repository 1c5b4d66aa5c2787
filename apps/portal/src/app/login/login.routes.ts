import { inject } from '@angular/core';
import { Router, Routes } from '@angular/router';
import { AuthService } from '../core/auth/auth.service';
import { LoginComponent } from './login.component';

export const loginRoutes: Routes = [
  {
    path: '',
    title: 'Sign in',
    // Already signed in: the login page has nothing to offer.
    canActivate: [() => (inject(AuthService).token() ? inject(Router).parseUrl(inject(AuthService).homePath()) : true)],
    component: LoginComponent,
  },
];
