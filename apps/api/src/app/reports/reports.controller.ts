import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ReportsService } from './reports.service';
import { CohortFiltersQuery } from '../cohorts/dto/cohort-filters.query';
import { Caller, CurrentCaller } from '../auth/caller';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** The dashboard's figures for the same filters as a printable PDF (docs/design.md, "The PDF report"). */
  @Get('outcomes.pdf')
  @ApiProduces('application/pdf')
  async outcomes(@CurrentCaller() caller: Caller, @Query() filters: CohortFiltersQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { filename, pdf } = await this.reports.outcomesPdf(caller, filters);
    void reply.header('content-disposition', `attachment; filename="${filename}"`);
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length });
  }
}
