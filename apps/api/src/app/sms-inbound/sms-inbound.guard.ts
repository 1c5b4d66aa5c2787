import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { NotAuthenticatedError, NotFoundError } from '../common/domain-errors';

/**
 * The SMS provider's webhook proves itself with `Authorization: Bearer SMS_INBOUND_SECRET`.
 * Without a secret configured the route does not exist (404): nobody can post replies at all.
 * The comparison is constant-time over sha256 digests, so neither the secret's content nor its
 * length leaks through timing.
 */
@Injectable()
export class SmsInboundGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = config.smsInboundSecret ? digest(config.smsInboundSecret) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new NotFoundError('Inbound SMS is not configured (SMS_INBOUND_SECRET)');
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers['authorization'] ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new NotAuthenticatedError('A valid SMS_INBOUND_SECRET bearer token is required');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
