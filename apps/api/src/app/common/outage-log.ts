/** The two lines an outage leaves in the log. */
export interface OutageLogger {
  warn(message: string): void;
  log(message: string): void;
}

/** Without a database failure for this long, an outage episode is over. */
export const OUTAGE_QUIET_MS = 5000;

/**
 * One warning when requests start failing because the database cannot serve them, and one line when
 * none has failed for OUTAGE_QUIET_MS: an outage of a minute under load is two lines, not thousands
 * (issue #9: "one log line per outage episode, not a stack per request"). Each request is still in
 * the access log, with its 503.
 */
export class OutageLog {
  private episode: { since: number; last: number; refused: number; routes: Set<string> } | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: OutageLogger,
    private readonly quietMs = OUTAGE_QUIET_MS,
  ) {}

  /** A request answered 503 because of the database; `where` is the route pattern, never the URL. */
  failed(where: string, cause: string): void {
    const now = Date.now();
    if (!this.episode) {
      this.episode = { since: now, last: now, refused: 0, routes: new Set() };
      this.logger.warn(
        `database unavailable: ${where}: ${cause}; requests get 503 SERVICE_UNAVAILABLE until it answers (logged again when ${this.quietMs / 1000} s pass without a failure)`,
      );
    }
    this.episode.last = now;
    this.episode.refused += 1;
    this.episode.routes.add(where);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.end(), this.quietMs);
    this.timer.unref();
  }

  private end(): void {
    const episode = this.episode;
    if (!episode) return;
    this.episode = null;
    const routes = [...episode.routes].sort();
    this.logger.log(
      `database unavailable episode over (no failure for ${this.quietMs / 1000} s): ${episode.refused} request(s) answered 503 ` +
        `from ${new Date(episode.since).toISOString()} to ${new Date(episode.last).toISOString()} on ${routes.slice(0, 5).join(', ')}${routes.length > 5 ? ` and ${routes.length - 5} more route(s)` : ''}`,
    );
  }
}
