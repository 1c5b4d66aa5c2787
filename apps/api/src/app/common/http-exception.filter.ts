import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError, ErrorCode } from '@stride/contracts';
import { DomainError, ServiceUnavailableError, TooManyRequestsError } from './domain-errors';
import { OutageLog } from './outage-log';

/** The code a bare HTTP status gets when nothing more specific is known (framework errors). */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * PostgreSQL and socket errors that mean "the database cannot serve this right now", not "a bug":
 * refused or dropped connections, a server shutting down, no free connection within the pool's
 * checkout timeout, no answer within the read timeout (ETIMEDOUT, BoundedClient), and a statement
 * the server cancelled (57014: statement_timeout, or an operator's pg_cancel_backend). A timed-out
 * statement on a healthy server is overload or a lock held too long: retrying later is the right
 * advice, so it is a 503 too, and its log line names the route and the cause.
 */
const DATABASE_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57014', '57P01', '57P02', '57P03']);
const DATABASE_DOWN_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; driverError?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 3; depth++) {
    if (typeof e.code === 'string' && (DATABASE_DOWN_CODES.has(e.code) || e.code.startsWith('08'))) return true;
    if (typeof e.message === 'string' && DATABASE_DOWN_MESSAGES.test(e.message)) return true;
    e = e.driverError as typeof e;
  }
  return false;
}

/**
 * The one place errors become HTTP. Clients get `{statusCode, code, message, errors?}` and never a
 * stack trace; anything unexpected is logged and answered with a plain 500 (a 500 is always a bug).
 * A database that is down is not a bug: 503 `SERVICE_UNAVAILABLE` with `Retry-After`, and two lines
 * per outage episode (OutageLog).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  private readonly outages = new OutageLog(this.logger);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = isDatabaseUnavailable(exception) ? new ServiceUnavailableError() : exception;
    const body = this.toBody(error);
    if (error !== exception) {
      // One line when an outage begins and one when it is over, no stack: an outage is not a bug,
      // and a flood of lines would hide when it began. The route pattern, never the URL: survey
      // paths hold tokens.
      const request = host.switchToHttp().getRequest<FastifyRequest | undefined>();
      const where = request ? `${request.method} ${request.routeOptions?.url ?? '(no route)'}` : '(no request)';
      this.outages.failed(where, String((exception as Error).message).split('\n')[0]);
    } else if (body.statusCode >= 500 && body.code !== 'SERVICE_UNAVAILABLE') {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (error instanceof ServiceUnavailableError || error instanceof TooManyRequestsError) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown): ApiError {
    if (exception instanceof DomainError) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: exception.message,
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response && typeof response.message === 'string'
          ? response.message
          : exception.message;
      if (status === 400) {
        // Nest turns Fastify's own errors (a body that is not JSON, an empty JSON body) into an
        // HttpException whose response is the bare message; its own exceptions carry an object.
        // Either way the client learns which part of the request to fix (issue #9: the fuzz test).
        return typeof response === 'string'
          ? { statusCode: 400, code: 'MALFORMED_REQUEST', message, errors: [{ field: 'body', message }] }
          : { statusCode: 400, code: 'VALIDATION_FAILED', message, errors: [{ field: 'request', message }] };
      }
      return { statusCode: status, code: CODE_BY_STATUS[status] ?? (status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL_ERROR'), message };
    }
    // Fastify's own errors (malformed JSON, body too large, wrong content type) carry a 4xx statusCode.
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      if (statusCode === 400) return { statusCode, code: 'MALFORMED_REQUEST', message: 'The request body is not valid JSON' };
      return { statusCode, code: CODE_BY_STATUS[statusCode] ?? 'MALFORMED_REQUEST', message: (exception as Error).message };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. It has been logged.' };
  }
}

/**
 * Fastify answers a URL its router cannot read (bad percent-encoding, a path parameter longer than
 * maxParamLength) itself, before any hook or Nest filter: `frameworkErrors` gives those the same
 * shape and a stable code. The path is not echoed: survey paths carry a secret token.
 */
export function frameworkErrorReply(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const statusCode = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message = statusCode === 414 ? 'A part of the address is too long' : 'The address of this request is not valid';
  const body: ApiError = { statusCode, code: 'MALFORMED_REQUEST', message, errors: [{ field: 'url', message }] };
  void reply.status(statusCode).header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store').send(body);
}
