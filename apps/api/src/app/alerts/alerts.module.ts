import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { AlertDigestService } from './alert-digest.service';
import { MessagingModule } from '../messaging/messaging.module';

@Module({
  imports: [MessagingModule],
  providers: [AlertsRepository, AlertsService, AlertDigestService],
  controllers: [AlertsController],
  exports: [AlertsRepository, AlertDigestService],
})
export class AlertsModule {}
