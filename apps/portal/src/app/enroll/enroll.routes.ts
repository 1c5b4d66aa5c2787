import { Routes } from '@angular/router';
import { EnrollComponent } from './enroll.component';

export const enrollRoutes: Routes = [{ path: '', title: 'Enroll a patient', component: EnrollComponent }];
