import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AlertList, AlertView } from '@stride/contracts';
import { AlertsService } from './alerts.service';
import { ListAlertsQuery } from './dto/list-alerts.query';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid-param';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
@Roles('admin', 'surgeon')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: ListAlertsQuery): Promise<AlertList> {
    return this.alerts.list(caller, query);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam): Promise<AlertView> {
    return this.alerts.acknowledge(caller, id);
  }
}
