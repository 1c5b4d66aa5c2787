import { Routes } from '@angular/router';
import { UsersComponent } from './users.component';

export const usersRoutes: Routes = [{ path: '', title: 'Users', component: UsersComponent }];
