import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { DispatcherService } from './dispatcher.service';
import { SchedulerRunner } from './scheduler.runner';
import { SchedulerController } from './scheduler.controller';
import { MessagingModule } from '../messaging/messaging.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { AlertsModule } from '../alerts/alerts.module';

@Module({
  imports: [ScheduleModule.forRoot(), MessagingModule, InvitationsModule, AlertsModule],
  providers: [DispatcherService, SchedulerRunner],
  controllers: [SchedulerController],
})
export class SchedulerModule {}
