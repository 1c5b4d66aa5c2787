import { Module } from '@nestjs/common';
import { SurveysService } from './surveys.service';
import { SurveysController } from './surveys.controller';
import { RateLimitGuard } from './rate-limit.guard';
import { InvitationsModule } from '../invitations/invitations.module';

@Module({
  imports: [InvitationsModule],
  providers: [SurveysService, RateLimitGuard],
  controllers: [SurveysController],
})
export class SurveysModule {}
