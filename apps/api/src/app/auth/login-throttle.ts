import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { DataSource } from 'typeorm';

/**
 * Failed sign-ins allowed in a sliding window, per account and per client (issue #9; OWASP
 * authentication cheat sheet: throttle per account and per source, not a lockout an attacker can
 * use against the owner for long). Counted in PostgreSQL so every replica sees the same counts.
 */
export const LOGIN_LIMITS = { perAccount: 5, perClient: 20, windowSeconds: 15 * 60 } as const;

export type LoginAttempt =
  | { allowed: true; id: string; accountKey: string }
  | { allowed: false; accountKey: string; limit: 'account' | 'client'; retryAfterSeconds: number };

/** The only code that writes `login_failures`. */
@Injectable()
export class LoginThrottle {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Counts the attempt before the password is checked, so that concurrent guesses see each other:
   * of any burst, at most the limit get through. A refused attempt is not counted, and the answer
   * says when the oldest failure that holds the door shut leaves the window.
   */
  async begin(email: string, clientIp: string, now: Date): Promise<LoginAttempt> {
    const accountKey = accountKeyOf(email);
    const client = clientKeyOf(clientIp);
    const since = new Date(now.getTime() - LOGIN_LIMITS.windowSeconds * 1000);
    const [{ id }] = (await this.dataSource.query(
      `WITH expired AS (DELETE FROM login_failures WHERE at <= $4)
       INSERT INTO login_failures (at, account_key, client_ip) VALUES ($1, $2, $3) RETURNING id`,
      [now, accountKey, client, since],
    )) as { id: string }[];
    // The limit-th most recent other failure in the window, if there is one: while it stays in
    // the window, this attempt would be one too many.
    const [blocking] = (await this.dataSource.query(
      `SELECT (SELECT at FROM login_failures WHERE account_key = $1 AND at > $3 AND id <> $4
                ORDER BY at DESC OFFSET $5 LIMIT 1) AS account,
              (SELECT at FROM login_failures WHERE client_ip = $2 AND at > $3 AND id <> $4
                ORDER BY at DESC OFFSET $6 LIMIT 1) AS client`,
      [accountKey, client, since, id, LOGIN_LIMITS.perAccount - 1, LOGIN_LIMITS.perClient - 1],
    )) as { account: Date | null; client: Date | null }[];
    if (!blocking.account && !blocking.client) return { allowed: true, id, accountKey };

    await this.forget(id);
    const freeAt = Math.max(blocking.account?.getTime() ?? 0, blocking.client?.getTime() ?? 0) + LOGIN_LIMITS.windowSeconds * 1000;
    return {
      allowed: false,
      accountKey,
      limit: blocking.account ? 'account' : 'client',
      retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)),
    };
  }

  /** A success clears the account's failures (not the client's: one good password must not reset a spray). */
  async succeeded(attempt: { id: string; accountKey: string }): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE id = $1 OR account_key = $2`, [attempt.id, attempt.accountKey]);
  }

  /** The attempt was never judged (the server was too busy to check it): it does not count. */
  async forget(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE id = $1`, [id]);
  }
}

/** A hash of the normalised email: the throttle and the audit log never hold a mistyped address. */
export function accountKeyOf(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** IPv6 clients get a /64 each (one household or server), else a single host could rotate without end. */
function clientKeyOf(ip: string): string {
  if (!isIPv6(ip) || ip.toLowerCase().startsWith('::ffff:')) return ip.replace(/^::ffff:/i, '');
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
