import { Module } from '@nestjs/common';
import { InvitationsService } from './invitations.service';
import { InvitationsController } from './invitations.controller';
import { ResponsesService } from './responses.service';
import { InvitationsRepository } from './invitations.repository';
import { AlertsModule } from '../alerts/alerts.module';
import { FollowUpExtensionService } from './follow-up-extension.service';

@Module({
  imports: [AlertsModule],
  providers: [InvitationsService, ResponsesService, InvitationsRepository, FollowUpExtensionService],
  controllers: [InvitationsController],
  exports: [ResponsesService, InvitationsRepository, FollowUpExtensionService],
})
export class InvitationsModule {}
