import { Routes } from '@angular/router';
import { DeliveryProblemsComponent } from './delivery-problems.component';

export const deliveryRoutes: Routes = [{ path: '', title: 'Delivery problems', component: DeliveryProblemsComponent }];
