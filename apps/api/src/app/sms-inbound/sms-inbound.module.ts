import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { MessagingModule } from '../messaging/messaging.module';
import { SmsInboundController, SmsRepliesController } from './sms-inbound.controller';
import { SmsInboundGuard } from './sms-inbound.guard';
import { SmsInboundService } from './sms-inbound.service';

@Module({
  imports: [InvitationsModule, MessagingModule],
  providers: [SmsInboundService, SmsInboundGuard],
  controllers: [SmsInboundController, SmsRepliesController],
})
export class SmsInboundModule {}
