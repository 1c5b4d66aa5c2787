import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import type { Caller } from '../auth/caller';
import { DomainError } from '../common/domain-errors';
import { AuditService } from './audit.service';

/**
 * Records what a signed-in user was refused after the guard let them in: a 403 (a surgeon asking
 * for another surgeon's cohort) and a 404 for a record (auth/access.ts answers "not found" for
 * another surgeon's patient, so that a probe learns nothing; the log still shows who probed).
 * 401s and role 403s are refused by the AuthGuard, which records them itself. Requests without a
 * signed-in caller (public survey links) are not recorded here: their guesses are rate limited,
 * and a log anyone can write to without limit would be a way to fill the disk.
 *
 * The row holds the caller, the method, the route pattern and the path without its query string
 * (a search may hold a patient's name); never a header or a token.
 */
@Injectable()
export class DeniedRequestsInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => from(this.recordIfDenied(context, error)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }

  private async recordIfDenied(context: ExecutionContext, error: unknown): Promise<void> {
    if (!(error instanceof DomainError) || !(error.status === 403 || (error.status === 404 && error.code === 'NOT_FOUND'))) return;
    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    if (!request.caller) return;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    try {
      await this.audit.record(request.caller, {
        action: 'access.denied',
        entityType: 'request',
        entityId: params['id'] ?? null,
        detail: {
          status: error.status,
          code: error.code,
          method: request.method,
          route: request.routeOptions?.url ?? null,
          path: request.url.split('?')[0],
        },
      });
    } catch (auditError) {
      // The refusal stands either way; a database that is down answers the request with its own 503.
      this.logger.warn(`could not record a denied request: ${(auditError as Error).message.split('\n')[0]}`);
    }
  }
}
