import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { prepared } from '../database/bounded-client';
import { LinkedInvitation, linkQuery, toLinkedInvitation } from '../invitations/invitations.repository';

/**
 * The survey links' limits (DESIGN.md "Survey links": rate limited per IP and per token), per
 * minute, across every replica:
 * - each link, known or not: `perToken` requests a minute, whoever sends them;
 * - a client address: `guessesPerClient` distinct links a minute that do not exist (guesses,
 *   mistyped links; the same mistyped link again is not a new guess). Real links never count
 *   against an address, so a clinic's proxy with fifty patients behind it is fifty links with an
 *   allowance each, never one address that locks them all out. Guessing a 256-bit token is
 *   hopeless anyway; this keeps the guessing cheap for us.
 */
export const SURVEY_LIMITS = { windowSeconds: 60, perToken: 60, guessesPerClient: 20 } as const;

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** What `hit` counted, and with `withLink` the link it read (null: no such link; undefined: not read). */
export interface RateLimitHit {
  verdict: RateLimitVerdict;
  link?: LinkedInvitation | null;
}

/** The only code that writes `rate_limit_counters`. */
export class RateLimitRepository {
  private readonly logger = new Logger('RateLimit');
  /** The last window this process swept the ones before; a sweep runs once per window per process. */
  private sweptBefore = 0;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts one request in one statement: the link's own counter; whether the link exists (by its
   * sha256, the primary key of survey_tokens); and, the first time in the window that a link that
   * does not exist is asked for, the client's guess counter. Every step is an index lookup, so the
   * cost does not grow with the number of keys a flood has left in the table.
   * `tokenHash` is the sha256 of whatever was sent; `wellFormed` says whether it can be a link.
   *
   * `withLink` reads the link in the same statement, unlocked (linkQuery): for the routes whose
   * handler reads it first thing (RateLimitGuard, @ReadsLink), one round trip instead of two. A
   * request over the link's limit skips the read: it is refused anyway.
   */
  async hit(request: { tokenHash: Buffer; wellFormed: boolean; clientIp: string }, now: Date, withLink = false): Promise<RateLimitHit> {
    const windowMs = SURVEY_LIMITS.windowSeconds * 1000;
    const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
    const [row] = (await this.dataSource.query(prepared(withLink ? 'rate_limit_hit_and_link' : 'rate_limit_hit',
      `WITH link AS (
         SELECT $5::boolean AND EXISTS (SELECT 1 FROM survey_tokens WHERE token_hash = $2) AS known
       ), token AS (
         INSERT INTO rate_limit_counters AS c (window_start, key, hits) VALUES ($1, $3, 1)
         ON CONFLICT (window_start, key) DO UPDATE SET hits = c.hits + 1
         RETURNING c.hits
       ), guess AS (
         INSERT INTO rate_limit_counters AS c (window_start, key, hits)
         SELECT $1, $4, 1 FROM link, token WHERE NOT link.known AND token.hits = 1
         ON CONFLICT (window_start, key) DO UPDATE SET hits = c.hits + 1
         RETURNING c.hits
       ), counted AS (
         SELECT (SELECT hits FROM token) AS token_hits,
                CASE WHEN (SELECT known FROM link) THEN 0
                     ELSE coalesce((SELECT hits FROM guess),
                                   (SELECT hits FROM rate_limit_counters WHERE window_start = $1 AND key = $4), 0)
                END AS guesses
       )
       ${
         withLink
           ? `SELECT counted.token_hits, counted.guesses, link.*
                FROM counted
                LEFT JOIN LATERAL (SELECT * FROM (${linkQuery('$2', false)}) AS l WHERE counted.token_hits <= ${SURVEY_LIMITS.perToken}) AS link ON true`
           : 'SELECT token_hits, guesses FROM counted'
       }`),
      [new Date(windowStart), request.tokenHash, counterKey('token', request.tokenHash), counterKey('guess-ip', request.clientIp), request.wellFormed],
    )) as ({ token_hits: number; guesses: number } & Record<string, unknown>)[];
    this.sweepOldWindows(windowStart);
    const { token_hits, guesses, ...rest } = row;
    const verdict: RateLimitVerdict =
      token_hits <= SURVEY_LIMITS.perToken && guesses <= SURVEY_LIMITS.guessesPerClient
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now.getTime()) / 1000)) };
    return withLink ? { verdict, link: toLinkedInvitation(rest) } : { verdict };
  }

  /**
   * Drops finished windows, off the request path: the first request of each new window starts it
   * and does not wait for it. The primary key leads with window_start, so this is an index range
   * scan, in batches so that a flood's worth of rows never holds one long lock.
   */
  private sweepOldWindows(windowStart: number): void {
    if (windowStart <= this.sweptBefore) return;
    this.sweptBefore = windowStart;
    void (async () => {
      for (let deleted = Infinity; deleted >= SWEEP_BATCH; ) {
        const result = (await this.dataSource.query(
          `DELETE FROM rate_limit_counters WHERE ctid = ANY (ARRAY(
             SELECT ctid FROM rate_limit_counters WHERE window_start < $1 LIMIT ${SWEEP_BATCH}))`,
          [new Date(windowStart)],
        )) as [unknown, number];
        deleted = result[1];
      }
    })().catch((error: unknown) => {
      // Harmless: the next window's first request sweeps again.
      if (this.dataSource.isInitialized) this.logger.warn(`sweep of old rate-limit windows failed: ${(error as Error).message.split('\n')[0]}`);
    });
  }
}

const SWEEP_BATCH = 5000;

/** 16 bytes of sha256 over a kind and a value: the table holds no address and no token hash. */
function counterKey(kind: string, value: Buffer | string): Buffer {
  return createHash('sha256').update(kind).update('\0').update(value).digest().subarray(0, 16);
}
