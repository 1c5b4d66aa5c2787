import { Routes } from '@angular/router';
import { AlertsPageComponent } from './alerts-page.component';

export const alertsRoutes: Routes = [{ path: '', title: 'Alerts', component: AlertsPageComponent }];
