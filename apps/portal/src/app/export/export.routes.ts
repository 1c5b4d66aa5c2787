import { Routes } from '@angular/router';
import { ExportComponent } from './export.component';

export const exportRoutes: Routes = [{ path: '', title: 'Research export', component: ExportComponent }];
