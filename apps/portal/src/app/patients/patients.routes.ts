import { Routes } from '@angular/router';
import { PatientDetailComponent } from './patient-detail.component';
import { PatientListComponent } from './patient-list.component';

export const patientsRoutes: Routes = [
  { path: '', title: 'Patients', component: PatientListComponent },
  { path: ':id', title: 'Patient', component: PatientDetailComponent },
];
