import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@stride/contracts';

/** A signed-in session lasts a working day; the token's own expiry is the same. */
export const SESSION_TTL_SECONDS = 12 * 3600;

/** What the guard needs to know about a session and its user, read in one query. */
export interface SessionState {
  userId: string;
  role: Role;
  name: string;
  userActive: boolean;
  revoked: boolean;
}

/** The only code that writes `sessions`. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records the session a token was just signed for, with the token's own issue and expiry times:
   * the signed `exp` is what ends a session in time (wall-clock, checked with the signature), and
   * this row is what ends it early. The user's sessions that expired a month ago are dropped.
   */
  async open(session: { id: string; userId: string; issuedAt: Date; expiresAt: Date }): Promise<void> {
    await this.dataSource.query(
      `WITH dropped AS (DELETE FROM sessions WHERE user_id = $2 AND expires_at < $3::timestamptz - interval '30 days')
       INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [session.id, session.userId, session.issuedAt, session.expiresAt],
    );
  }

  /**
   * Runs on every authenticated request, so it is one primary-key lookup joined to the user.
   * Null when this database never issued the session (a token from another deployment that
   * shares the secret, or a session dropped since).
   */
  async state(sessionId: string): Promise<SessionState | null> {
    const [row] = (await this.dataSource.query(
      `SELECT u.id AS "userId", u.role, u.name, u.active AS "userActive", s.revoked_at IS NOT NULL AS revoked
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1`,
      [sessionId],
    )) as SessionState[];
    return row ?? null;
  }

  /** Ends one session (logout). False when it had already ended. */
  async revoke(sessionId: string, now: Date): Promise<boolean> {
    const [, count] = (await this.dataSource.query(`UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      now,
    ])) as [unknown, number];
    return count > 0;
  }

  /** Ends every live session of a user (deactivation, a new password), except `keep` if given. */
  async revokeAllOf(userId: string, now: Date, manager: EntityManager, keep?: string): Promise<number> {
    const [, count] = (await manager.query(
      `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $3::uuid`,
      [userId, now, keep ?? null],
    )) as [unknown, number];
    return count;
  }
}
