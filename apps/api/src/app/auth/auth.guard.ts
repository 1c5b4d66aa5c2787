import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@stride/contracts';
import { Caller, IS_PUBLIC, ROLES_KEY } from './caller';
import { ForbiddenError, NotAuthenticatedError } from '../common/domain-errors';
import { SessionsRepository, SessionState } from './sessions.repository';
import { AuditService } from '../audit/audit.service';

/** A token says only which session it belongs to; who the user is and may do comes from the database. */
export interface TokenClaims {
  sub: string;
  sid: string;
}

type DenyReason = 'no_session' | 'revoked' | 'inactive';

/**
 * Global guard: deny by default. Only @Public() routes pass without a valid bearer token, and a
 * valid, unexpired signature is not enough: the session must be in this database, not revoked, and
 * its user active.
 * Role and name are read with the session (one indexed query), so logout, deactivation and a role
 * change apply to the very next request (issue #9: they used to wait up to 12 hours).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const [scheme, token] = (request.headers['authorization'] ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new NotAuthenticatedError('Please sign in');

    let claims: Partial<TokenClaims>;
    try {
      // Checks the signature and the signed expiry (12 hours of wall-clock time).
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new NotAuthenticatedError('Your session has expired; please sign in again');
    }
    // Tokens from before sessions existed carry no sid: they are refused like any unknown session.
    const state = typeof claims.sid === 'string' && isUuid(claims.sid) ? await this.sessions.state(claims.sid) : null;
    const reason = denyReason(state, claims.sub);
    if (reason || !state) {
      await this.audit.record(null, {
        action: 'auth.denied',
        entityType: 'user',
        entityId: typeof claims.sub === 'string' && isUuid(claims.sub) ? claims.sub : null,
        detail: { reason, ...route(request) },
      });
      throw new NotAuthenticatedError(
        reason === 'inactive' ? 'This account has been deactivated' : 'Your session has ended; please sign in again',
      );
    }
    const caller: Caller = { id: state.userId, role: state.role, name: state.name, sessionId: claims.sid };
    request.caller = caller;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.includes(caller.role)) {
      await this.audit.record(caller, { action: 'auth.denied', entityType: 'user', entityId: caller.id, detail: { reason: 'role', ...route(request) } });
      throw new ForbiddenError('Your role does not allow this');
    }
    return true;
  }
}

function denyReason(state: SessionState | null, subject: unknown): DenyReason | null {
  if (!state || state.userId !== subject) return 'no_session';
  if (state.revoked) return 'revoked';
  if (!state.userActive) return 'inactive';
  return null;
}

/** The route pattern, never the URL itself: query strings may hold a patient's name. */
function route(request: FastifyRequest): { method: string; route: string | undefined } {
  return { method: request.method, route: request.routeOptions?.url };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(value: string): boolean {
  return UUID.test(value);
}
