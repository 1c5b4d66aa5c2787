import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { SchedulerService } from './scheduler.service';
import { DispatchRepository } from './dispatch.repository';
import { SchedulerRunner } from './scheduler.runner';
import { SchedulerController } from './scheduler.controller';
import { MessagingModule } from '../messaging/messaging.module';

@Module({
  imports: [ScheduleModule.forRoot(), MessagingModule],
  providers: [SchedulerService, SchedulerRunner, DispatchRepository],
  controllers: [SchedulerController],
})
export class SchedulerModule {}
