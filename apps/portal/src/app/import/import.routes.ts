import { Routes } from '@angular/router';
import { ImportComponent } from './import.component';

export const importRoutes: Routes = [{ path: '', title: 'Import patients', component: ImportComponent }];
