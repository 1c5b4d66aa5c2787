import { Client, ClientConfig } from 'pg';
import type { Socket } from 'node:net';

export interface BoundedClientConfig extends ClientConfig {
  /** How long a query may wait for its answer before the connection is given up; 0 or unset: no limit. */
  readTimeoutMs?: number;
}

/** A query got no answer in time: the server is frozen or unreachable (HttpErrorFilter: 503). */
export class QueryReadTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`Query read timeout: no answer from the database within ${ms} ms; the connection was closed`);
    this.name = 'QueryReadTimeoutError';
  }
}

/**
 * pg's Client with a read timeout that ends the connection (the pool's `Client`, data-source.ts).
 *
 * pg's own `query_timeout` is not enough: it fails the query but leaves it the connection's active
 * query, and TypeORM then returns the client to the pool as healthy. The next query on it waits
 * behind an answer that may never come, and a ROLLBACK that timed out in that queue never runs, so
 * once the server answers again the connection could serve the next request inside a stale
 * transaction. Here a query without an answer in `readTimeoutMs` closes the socket instead: the
 * query fails with QueryReadTimeoutError, the client emits 'error' (TypeORM then releases it with
 * that error) and the pool never hands it out again.
 *
 * Queries that stream (COPY through pg-copy-streams, cursors) are not timed: they are read at their
 * consumer's pace. pg's `query_timeout` would cut them mid-way, since such a query never calls back
 * and its timer fires however the stream is doing.
 *
 * It also runs the SQL that `prepared()` marks as a named prepared statement: TypeORM's
 * `manager.query(sql, params)` has no way to name one, and this is where its text reaches pg.
 */
export class BoundedClient extends Client {
  private readonly readTimeoutMs: number;
  /** The server's transaction status at its last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
  private transactionStatus = 'I';

  constructor(config: BoundedClientConfig) {
    super(config);
    this.readTimeoutMs = config.readTimeoutMs ?? 0;
    this.pgConnection().on('readyForQuery', (message: { status: string }) => (this.transactionStatus = message.status));
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- forwards every overload of pg's query()
  override query(...args: any[]): any {
    // Only (text) and (text, values), the shapes TypeORM uses; a callback or a config object is left as given.
    if (args.length <= 2 && typeof args[0] === 'string' && args[0].startsWith(PREPARED_PREFIX) && (args[1] === undefined || Array.isArray(args[1]))) {
      const text = args[0];
      return this.runPrepared({ name: text.slice(PREPARED_PREFIX.length, text.indexOf(' */')), text, values: args[1] ?? [] });
    }
    return this.timed(args);
  }

  /**
   * A named prepared statement. A migration that changes the type of a column it returns makes the
   * server refuse its cached plan ("cached plan must not change result type", 0A000) on every
   * connection that prepared it before: one that was not inside a transaction is prepared again and
   * run once more, unseen by the caller; inside a transaction (which the error has aborted) the
   * connection is closed, so the pool never hands that statement out again, and the request gets a
   * 503 to retry.
   */
  private async runPrepared(config: { name: string; text: string; values: unknown[] }): Promise<unknown> {
    const outsideTransaction = this.transactionStatus === 'I';
    try {
      return await this.timed([config]);
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      const connection = this.pgConnection();
      delete connection.parsedStatements[config.name];
      delete connection.submittedNamedStatements[config.name];
      if (outsideTransaction) {
        await this.timed([`DEALLOCATE ${config.name}`]);
        return this.timed([{ ...config }]);
      }
      const stale = new StalePreparedStatementError(config.name);
      connection.stream.destroy(stale);
      throw stale;
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's query() arguments, as given
  private timed(args: any[]): any {
    const streams = typeof (args[0] as { submit?: unknown } | undefined)?.submit === 'function';
    if (!this.readTimeoutMs || streams) return Client.prototype.query.apply(this, args as never);
    const timer = setTimeout(() => this.giveUp(), this.readTimeoutMs);
    const settled = (): void => clearTimeout(timer);
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (error: Error | null, result?: unknown) => void;
      args[last] = (error: Error | null, result?: unknown) => {
        settled();
        callback(error, result);
      };
    }
    const result: unknown = Client.prototype.query.apply(this, args as never);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      (result as PromiseLike<unknown>).then(settled, settled);
    } else if (typeof args[last] !== 'function') {
      settled(); // a callback inside a config object: not ours to wrap, so not timed
    }
    return result;
  }

  private giveUp(): void {
    this.pgConnection().stream.destroy(new QueryReadTimeoutError(this.readTimeoutMs));
  }

  /** pg's protocol connection under this client (not in pg's types). */
  private pgConnection(): PgConnection {
    return (this as unknown as { connection: PgConnection }).connection;
  }
}

interface PgConnection {
  stream: Socket;
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  on(event: 'readyForQuery', listener: (message: { status: string }) => void): void;
}

/** SQLSTATE 0A000 with this message: a prepared statement's result type changed under it (a migration). */
function isStalePlan(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return e?.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan must not change result type');
}

/** A prepared statement went stale inside a transaction: the connection was closed (HttpErrorFilter: 503). */
export class StalePreparedStatementError extends Error {
  /** Reported as the reset it is: this connection was closed, and a retry gets a fresh one. */
  readonly code = 'ECONNRESET';
  constructor(name: string) {
    super(`Prepared statement ${name} went stale (the schema changed); the connection was closed`);
    this.name = 'StalePreparedStatementError';
  }
}

const PREPARED_PREFIX = '/* prepared:';

/**
 * SQL that BoundedClient runs as a named prepared statement: parsed once per connection, and after
 * five runs planned once, when PostgreSQL finds its generic plan as good as a custom one. For the
 * few hot statements of a survey link, whose planning cost more than their running (findByLink's
 * six-table join: 0.73 ms to plan, 0.08 ms to run). The text must not vary with its parameters:
 * pg refuses one name for two texts on a connection. Prepared statements name the columns they take
 * from a table, never `*` over a table, so a migration that adds a column leaves them alone; one
 * that changes a returned column's type is handled by BoundedClient.runPrepared.
 */
export function prepared(name: string, sql: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`prepared(): "${name}" is not a statement name (a-z, 0-9, _)`);
  return `${PREPARED_PREFIX}${name} */ ${sql}`;
}
