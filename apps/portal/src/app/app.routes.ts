import { inject } from '@angular/core';
import { Routes } from '@angular/router';
import { authGuard, roleGuard } from './core/auth/auth.guards';
import { AuthService } from './core/auth/auth.service';

export const appRoutes: Routes = [
  // The patient survey (/s/...) is not a route here: it is its own small app (survey-main.ts), and
  // the server answers /s/ paths with survey.html, which loads only that app.
  { path: 'login', loadChildren: () => import('./login/login.routes').then((m) => m.loginRoutes) },
  {
    path: '',
    canMatch: [authGuard],
    loadComponent: () => import('./shell/shell.component').then((m) => m.ShellComponent),
    children: [
      { path: '', pathMatch: 'full', redirectTo: () => inject(AuthService).homePath() },
      {
        path: 'worklist',
        canMatch: [roleGuard('admin', 'surgeon')],
        loadChildren: () => import('./worklist/worklist.routes').then((m) => m.worklistRoutes),
      },
      {
        path: 'patients',
        canMatch: [roleGuard('admin', 'surgeon')],
        loadChildren: () => import('./patients/patients.routes').then((m) => m.patientsRoutes),
      },
      {
        path: 'alerts',
        canMatch: [roleGuard('admin', 'surgeon')],
        loadChildren: () => import('./alerts/alerts.routes').then((m) => m.alertsRoutes),
      },
      {
        path: 'enroll',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./enroll/enroll.routes').then((m) => m.enrollRoutes),
      },
      {
        path: 'import',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./import/import.routes').then((m) => m.importRoutes),
      },
      {
        path: 'dashboard',
        loadChildren: () => import('./dashboard/dashboard.routes').then((m) => m.dashboardRoutes),
      },
      {
        path: 'messages',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./messages/messages.routes').then((m) => m.messagesRoutes),
      },
      {
        path: 'delivery',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./delivery/delivery.routes').then((m) => m.deliveryRoutes),
      },
      {
        path: 'users',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./users/users.routes').then((m) => m.usersRoutes),
      },
      {
        path: 'audit',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./audit/audit.routes').then((m) => m.auditRoutes),
      },
      {
        path: 'export',
        canMatch: [roleGuard('admin', 'researcher')],
        loadChildren: () => import('./export/export.routes').then((m) => m.exportRoutes),
      },
      {
        path: '**',
        title: 'Page not found',
        loadComponent: () => import('./shell/not-found.component').then((m) => m.NotFoundComponent),
      },
    ],
  },
];
