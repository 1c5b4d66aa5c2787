import { Routes } from '@angular/router';
import { AuditLogComponent } from './audit-log.component';

export const auditRoutes: Routes = [{ path: '', title: 'Audit log', component: AuditLogComponent }];
