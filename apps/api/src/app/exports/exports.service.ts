import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Caller } from '../auth/caller';
import { CohortFilters, scopedFilters } from '../cohorts/cohort-filters';
import { longExportSql, wideExportSql } from './export-sql';
import { dictionaryCsv } from './dictionary';

/**
 * Research exports, streamed straight from PostgreSQL's COPY so a large clinic never sits in
 * memory. Every export is audited with its filters.
 */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async outcomes(caller: Caller, requested: CohortFilters, format: 'long' | 'wide'): Promise<StreamableFile> {
    const filters = scopedFilters(caller, requested);
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client: PoolClient = await pool.connect();
    const literal = (value: string): string => client.escapeLiteral(value);
    const build = format === 'wide' ? wideExportSql : longExportSql;
    const sql = build(filters, this.clock.now(), this.config.clinicTimezone, literal);
    await this.audit.record(caller, { action: 'export.outcomes', entityType: 'cohort', detail: { ...filters, format } });
    const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
    let released = false;
    const release = (error?: Error): void => {
      if (released) return;
      released = true;
      client.release(error);
    };
    stream.on('end', () => release());
    stream.on('error', (error: Error) => release(error));
    stream.on('close', () => release());
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8' });
  }

  async dictionary(caller: Caller): Promise<string> {
    await this.audit.record(caller, { action: 'export.dictionary', entityType: 'cohort' });
    return dictionaryCsv();
  }
}
