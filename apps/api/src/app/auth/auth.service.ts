import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { LoginRequest, LoginResponse } from '@stride/contracts';
import { UsersService } from '../users/users.service';
import { verifyPassword } from './password';
import { toUserView } from '../users/users.mapper';
import { NotAuthenticatedError, TooManyRequestsError } from '../common/domain-errors';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { LoginThrottle } from './login-throttle';
import { SESSION_TTL_SECONDS, SessionsRepository } from './sessions.repository';
import type { Caller } from './caller';
import type { TokenClaims } from './auth.guard';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionsRepository,
  ) {}

  /**
   * Throttle first (a refused attempt costs no hash), then one scrypt whether or not the email is
   * known, so neither the answer nor its timing tells who has an account.
   */
  async login({ email, password }: LoginRequest, clientIp: string): Promise<LoginResponse> {
    const attempt = await this.throttle.begin(email, clientIp, this.clock.now());
    if (!attempt.allowed) {
      await this.audit.record(null, {
        action: 'auth.login_throttled',
        entityType: 'user',
        detail: { emailHash: attempt.accountKey, clientIp, limit: attempt.limit, retryAfterSeconds: attempt.retryAfterSeconds },
      });
      const minutes = Math.ceil(attempt.retryAfterSeconds / 60);
      throw new TooManyRequestsError(
        attempt.retryAfterSeconds,
        `Too many sign-in attempts. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      );
    }

    const user = await this.users.findByEmail(email);
    let matches: boolean;
    try {
      matches = await verifyPassword(password, user?.passwordHash ?? null);
    } catch (error) {
      await this.throttle.forget(attempt.id);
      throw error;
    }
    if (!user || !matches || !user.active) {
      const reason = !user ? 'unknown_email' : !matches ? 'wrong_password' : 'inactive';
      await this.audit.record(null, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        detail: { reason, clientIp, ...(user ? {} : { emailHash: attempt.accountKey }) },
      });
      // Only someone who knows the password learns that the account is switched off.
      if (reason === 'inactive') throw new NotAuthenticatedError('This account has been deactivated. Please ask your clinic coordinator.');
      // The same answer whether the email or the password is wrong: no account probing.
      throw new NotAuthenticatedError('Email or password is incorrect');
    }

    await this.throttle.succeeded(attempt);
    const sessionId = randomUUID();
    const claims: TokenClaims = { sub: user.id, sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: SESSION_TTL_SECONDS });
    const { iat, exp } = this.jwt.decode<{ iat: number; exp: number }>(accessToken);
    await this.sessions.open({ id: sessionId, userId: user.id, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) });
    await this.audit.record(
      { id: user.id, role: user.role, name: user.name },
      { action: 'auth.login', entityType: 'user', entityId: user.id, detail: { sessionId, clientIp } },
    );
    return { accessToken, user: toUserView(user) };
  }

  /** Ends the caller's session: the token stops working on its next use. */
  async logout(caller: Caller): Promise<void> {
    if (!caller.sessionId) return;
    await this.sessions.revoke(caller.sessionId, this.clock.now());
    await this.audit.record(caller, { action: 'auth.logout', entityType: 'user', entityId: caller.id, detail: { sessionId: caller.sessionId } });
  }
}
