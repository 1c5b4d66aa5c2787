import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditEventView, Page } from '@stride/contracts';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { AuditService } from './audit.service';
import { ListAuditQuery } from './dto/list-audit.query';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit log, newest first, 50 to a page; filter by `action` and `actor` (a user id). */
  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: ListAuditQuery): Promise<Page<AuditEventView>> {
    return this.audit.list(caller, query);
  }
}
