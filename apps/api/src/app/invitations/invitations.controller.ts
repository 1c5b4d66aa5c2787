import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { DeliveryProblemView, InvitationView, IssuedLinkView } from '@stride/contracts';
import { InvitationsService } from './invitations.service';
import { StaffResponseDto } from './dto/staff-response.dto';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid-param';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('invitations')
@Roles('admin', 'surgeon')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post(':id/responses')
  @HttpCode(201)
  recordResponse(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam, @Body() dto: StaffResponseDto): Promise<void> {
    return this.invitations.recordStaffResponse(caller, id, dto);
  }

  @Post(':id/link')
  issueLink(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam): Promise<IssuedLinkView> {
    return this.invitations.issueLink(caller, id);
  }

  @Post(':id/resend')
  @Roles('admin')
  @HttpCode(200)
  resend(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam): Promise<InvitationView> {
    return this.invitations.resend(caller, id);
  }

  @Get('problems')
  @Roles('admin')
  problems(@CurrentCaller() caller: Caller): Promise<DeliveryProblemView[]> {
    return this.invitations.deliveryProblems(caller);
  }
}
