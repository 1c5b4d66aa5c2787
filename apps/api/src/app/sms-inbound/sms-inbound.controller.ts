import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SmsReplyView } from '@stride/contracts';
import { Caller, CurrentCaller, Public, Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid-param';
import { SmsInboundDto } from './dto/sms-inbound.dto';
import { SmsInboundGuard } from './sms-inbound.guard';
import { SmsInboundService } from './sms-inbound.service';

/** The SMS provider's webhook: 204 for every authenticated post, so it reveals no patient. */
@ApiTags('sms')
@Controller('public/sms')
export class SmsInboundController {
  constructor(private readonly sms: SmsInboundService) {}

  @Post('inbound')
  @Public()
  @UseGuards(SmsInboundGuard)
  @HttpCode(204)
  receive(@Body() dto: SmsInboundDto): Promise<void> {
    return this.sms.receive(dto);
  }
}

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
@Roles('admin', 'surgeon')
export class SmsRepliesController {
  constructor(private readonly sms: SmsInboundService) {}

  @Get(':id/sms-replies')
  list(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam): Promise<{ items: SmsReplyView[] }> {
    return this.sms.list(caller, id);
  }
}
