import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { SchedulerService } from './scheduler.service';
import { SchedulerRunner } from './scheduler.runner';
import { SchedulerController } from './scheduler.controller';
import { MessagingModule } from '../messaging/messaging.module';

@Module({
  imports: [ScheduleModule.forRoot(), MessagingModule],
  providers: [SchedulerService, SchedulerRunner],
  controllers: [SchedulerController],
})
export class SchedulerModule {}
