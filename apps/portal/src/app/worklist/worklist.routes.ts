import { Routes } from '@angular/router';
import { WorklistComponent } from './worklist.component';

export const worklistRoutes: Routes = [{ path: '', title: 'Worklist', component: WorklistComponent }];
