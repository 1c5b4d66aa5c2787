import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { SuccessDefinition, Timepoint } from '@stride/contracts';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { Caller } from '../auth/caller';
import { CohortFilters, scopedFilters } from '../cohorts/cohort-filters';
import { longExportSql, wideExportSql } from './export-sql';
import { dictionaryCsv } from './dictionary';

/** Fires `close` when the HTTP response is closed, finished or not (the raw Node response). */
export interface Cancellation {
  once(event: 'close', listener: () => void): unknown;
}

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

  /**
   * Streams COPY output to the caller. The pool client belongs to this stream until it ends: a
   * download cancelled mid-way (`cancelled` fires) destroys the stream and the connection, because a
   * client returned with an unfinished COPY would poison the pool and, after a few, hang every
   * request. The audit row is written before a client is taken, so a failing audit leaks nothing.
   *
   * The COPY runs in its own transaction with `statement_timeout = 0`: a large export takes far
   * longer than the pool's statement timeout, and it is read at the downloader's pace (no client
   * read timeout either, BoundedClient). `jit = off`: PostgreSQL's JIT compilation of this query held
   * the first byte for about 1 s on 1M rows; without it the COPY starts in about 80 ms.
   */
  async outcomes(
    caller: Caller,
    requested: CohortFilters,
    format: 'long' | 'wide',
    definition: SuccessDefinition,
    cancelled: Cancellation,
  ): Promise<StreamableFile> {
    const filters = scopedFilters(caller, requested);
    await this.audit.record(caller, { action: 'export.outcomes', entityType: 'cohort', detail: { ...filters, format, definition } });
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client: PoolClient = await pool.connect();
    // A connection lost while this client is checked out makes it emit 'error'; unheard, that would
    // crash the process. The query or stream in flight fails with it, which releases the client.
    const unheard = (): void => undefined;
    client.on('error', unheard);
    let released = false;
    const release = (error?: Error): void => {
      if (released) return;
      released = true;
      client.removeListener('error', unheard);
      // With an error the pool destroys the connection instead of reusing it; the server then ends the COPY.
      client.release(error);
    };
    try {
      await client.query('BEGIN; SET LOCAL statement_timeout = 0; SET LOCAL jit = off');
      const literal = (value: string): string => client.escapeLiteral(value);
      const build = format === 'wide' ? wideExportSql : longExportSql;
      const sql = build(filters, { now: this.clock.now(), zone: this.config.clinicTimezone, timepoints: this.followed(), definition }, literal);
      const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
      let finished = false;
      stream.on('end', () => {
        finished = true;
        client.query('COMMIT').then(
          () => release(),
          (error: Error) => release(error),
        );
      });
      stream.on('error', (error: Error) => release(error));
      cancelled.once('close', () => {
        if (finished) return;
        stream.destroy();
        release(new Error('export download cancelled'));
      });
      return new StreamableFile(stream, { type: 'text/csv; charset=utf-8' });
    } catch (error) {
      release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  async dictionary(caller: Caller): Promise<string> {
    await this.audit.record(caller, { action: 'export.dictionary', entityType: 'cohort' });
    return dictionaryCsv(this.followed(), this.config.benchmarkTimepoint);
  }

  /** The time points the clinic follows, as the dashboard shows them: baseline, then FOLLOW_UP_TIMEPOINTS. */
  private followed(): Timepoint[] {
    return ['baseline', ...this.config.followUpTimepoints];
  }
}
