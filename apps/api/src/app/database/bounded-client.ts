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

  constructor(config: BoundedClientConfig) {
    super(config);
    this.readTimeoutMs = config.readTimeoutMs ?? 0;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- forwards every overload of pg's query()
  override query(...args: any[]): any {
    if (typeof args[0] === 'string' && args[0].startsWith(PREPARED_PREFIX) && (args[1] === undefined || Array.isArray(args[1]))) {
      const text = args[0];
      const name = text.slice(PREPARED_PREFIX.length, text.indexOf(' */'));
      args.splice(0, 2, { name, text, values: args[1] ?? [] });
    }
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
    const socket = (this as unknown as { connection: { stream: Socket } }).connection.stream;
    socket.destroy(new QueryReadTimeoutError(this.readTimeoutMs));
  }
}

const PREPARED_PREFIX = '/* prepared:';

/**
 * SQL that BoundedClient runs as a named prepared statement: parsed once per connection, and after
 * five runs planned once, when PostgreSQL finds its generic plan as good as a custom one. For the
 * few hot statements of a survey link, whose planning cost more than their running (findByLink's
 * six-table join: 0.73 ms to plan, 0.08 ms to run). The text must not vary with its parameters:
 * pg refuses one name for two texts on a connection. A statement's result columns must not change
 * under a running server (a migration that did so would fail it with "cached plan must not change
 * result type" until restart), so prepared statements name their columns, never `*`.
 */
export function prepared(name: string, sql: string): string {
  return `${PREPARED_PREFIX}${name} */ ${sql}`;
}
