import { Routes } from '@angular/router';
import { MessagesComponent } from './messages.component';

export const messagesRoutes: Routes = [{ path: '', title: 'Messages', component: MessagesComponent }];
