import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ContactAttemptView, WorklistView } from '@stride/contracts';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid-param';
import { ContactAttemptDto } from './dto/contact-attempt.dto';
import { WorklistService } from './worklist.service';

@ApiTags('worklist')
@ApiBearerAuth()
@Controller()
@Roles('admin', 'surgeon')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  @Get('worklist')
  list(@CurrentCaller() caller: Caller): Promise<WorklistView> {
    return this.worklist.list(caller);
  }

  @Post('invitations/:id/contact-attempts')
  @HttpCode(201)
  logAttempt(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam, @Body() dto: ContactAttemptDto): Promise<ContactAttemptView> {
    return this.worklist.logAttempt(caller, id, dto);
  }
}
