import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ROLES, Role } from '@stride/contracts';
import { Caller, IS_PUBLIC, ROLES_KEY } from './caller';
import { ForbiddenError, NotAuthenticatedError } from '../common/domain-errors';

interface TokenClaims {
  sub: string;
  role: Role;
  name: string;
}

/** Global guard: deny by default. Only @Public() routes pass without a valid bearer token. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; caller?: Caller }>();
    const [scheme, token] = (request.headers['authorization'] ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new NotAuthenticatedError('Please sign in');

    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new NotAuthenticatedError('Your session has expired; please sign in again');
    }
    if (!ROLES.includes(claims.role)) throw new NotAuthenticatedError('Please sign in');
    request.caller = { id: claims.sub, role: claims.role, name: claims.name };

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.includes(claims.role)) {
      throw new ForbiddenError('Your role does not allow this');
    }
    return true;
  }
}
