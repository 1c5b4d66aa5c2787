import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OutboundMessageView, SchedulerRunResult } from '@stride/contracts';
import { DispatcherService } from './dispatcher.service';
import { MessagesService } from '../messaging/messages.service';
import { Caller, CurrentCaller, Roles } from '../auth/caller';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@Roles('admin')
export class SchedulerController {
  constructor(
    private readonly dispatcher: DispatcherService,
    private readonly messages: MessagesService,
  ) {}

  @Post('scheduler/run')
  @HttpCode(200)
  run(): Promise<SchedulerRunResult> {
    return this.dispatcher.runOnce();
  }

  @Get('messages')
  listMessages(@CurrentCaller() caller: Caller): Promise<OutboundMessageView[]> {
    return this.messages.latest(caller);
  }
}
