import { Routes } from '@angular/router';
import { DashboardComponent } from './dashboard.component';

export const dashboardRoutes: Routes = [
  { path: '', title: 'Cohort dashboard', component: DashboardComponent },
  {
    path: 'funnel',
    title: 'Surgeon funnel plot',
    loadComponent: () => import('./funnel.component').then((m) => m.FunnelComponent),
  },
];
