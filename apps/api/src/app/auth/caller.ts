import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@stride/contracts';

/** Who is asking: set by the AuthGuard from the session the bearer token names, and its user's row. */
export interface Caller {
  id: string;
  role: Role;
  name: string;
  /** The session the request came in on; absent for the CLI and for services called from tests. */
  sessionId?: string;
}

export const IS_PUBLIC = 'stride:isPublic';
export const ROLES_KEY = 'stride:roles';

/** Marks one of the few routes that need no login (health, login, the patient survey). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to roles; a route with neither @Public nor @Roles is open to every signed-in role. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const request = ctx.switchToHttp().getRequest<{ caller?: Caller }>();
  if (!request.caller) throw new Error('CurrentCaller used on a public route');
  return request.caller;
});
