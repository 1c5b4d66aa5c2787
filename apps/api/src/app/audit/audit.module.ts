import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditService } from './audit.service';
import { AuditController } from './audit.controller';
import { DeniedRequestsInterceptor } from './denied-requests.interceptor';
import { AuditSealerRunner } from './audit-sealer.runner';

@Global()
@Module({
  providers: [AuditService, AuditSealerRunner, { provide: APP_INTERCEPTOR, useClass: DeniedRequestsInterceptor }],
  controllers: [AuditController],
  exports: [AuditService],
})
export class AuditModule {}
