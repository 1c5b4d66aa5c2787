import { DEFAULT_SUCCESS_DEFINITION } from '@stride/contracts';
import { Controller, Get, Header, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ExportsService } from './exports.service';
import { ExportQuery } from './dto/export-query';
import { Caller, CurrentCaller, Roles } from '../auth/caller';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
@Roles('researcher', 'admin')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('outcomes.csv')
  @ApiProduces('text/csv')
  outcomes(
    @CurrentCaller() caller: Caller,
    @Query() { format = 'long', definition = DEFAULT_SUCCESS_DEFINITION, ...filters }: ExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    void reply.header('content-disposition', `attachment; filename="stride-outcomes-${format}.csv"`);
    return this.exports.outcomes(caller, filters, format, definition, reply.raw);
  }

  @Get('dictionary.csv')
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="stride-dictionary.csv"')
  dictionary(@CurrentCaller() caller: Caller): Promise<string> {
    return this.exports.dictionary(caller);
  }
}
