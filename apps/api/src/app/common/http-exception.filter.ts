import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ApiError } from '@stride/contracts';
import { DomainError } from './domain-errors';

/**
 * The one place errors become HTTP. Clients get `{statusCode, message, errors?}` and never a
 * stack trace; anything unexpected is logged and answered with a plain 500 (a 500 is always a bug).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown): ApiError {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, message: exception.message, ...(exception.errors ? { errors: exception.errors } : {}) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response && typeof response.message === 'string'
          ? response.message
          : exception.message;
      return { statusCode: status, message };
    }
    // Fastify's own errors (malformed JSON, body too large) carry a 4xx statusCode.
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return { statusCode, message: statusCode === 400 ? 'The request body is not valid JSON' : (exception as Error).message };
    }
    return { statusCode: 500, message: 'Something went wrong on our side. It has been logged.' };
  }
}
