import { Module } from '@nestjs/common';
import { InvitationsService } from './invitations.service';
import { InvitationsController } from './invitations.controller';
import { ResponsesService } from './responses.service';

@Module({
  providers: [InvitationsService, ResponsesService],
  controllers: [InvitationsController],
  exports: [ResponsesService],
})
export class InvitationsModule {}
