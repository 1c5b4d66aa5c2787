import { Module } from '@nestjs/common';
import { InvitationsService } from './invitations.service';
import { InvitationsController } from './invitations.controller';
import { ResponsesService } from './responses.service';
import { InvitationsRepository } from './invitations.repository';
import { AlertsModule } from '../alerts/alerts.module';

@Module({
  imports: [AlertsModule],
  providers: [InvitationsService, ResponsesService, InvitationsRepository],
  controllers: [InvitationsController],
  exports: [ResponsesService, InvitationsRepository],
})
export class InvitationsModule {}
