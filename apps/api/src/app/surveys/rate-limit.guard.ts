import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { TooManyRequestsError } from '../common/domain-errors';
import { hashSurveyToken, looksLikeSurveyToken } from '../invitations/survey-token';
import { RateLimitRepository } from './rate-limit.repository';

/**
 * Limits on the public survey routes, counted in PostgreSQL so that every replica shares them
 * (rate-limit.repository.ts says what is counted and why). The client address is Fastify's
 * request.ip, which believes X-Forwarded-For only from the proxies TRUST_PROXY names.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limits: RateLimitRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    // One counter store per guard (the module provides the guard alone).
    this.limits = new RateLimitRepository(dataSource);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ ip: string; params: Record<string, string | undefined> }>();
    const token = request.params['token'] ?? '';
    // The raw token is never kept: only its sha256, the way survey_tokens stores it.
    const verdict = await this.limits.hit(
      { tokenHash: hashSurveyToken(token), wellFormed: looksLikeSurveyToken(token), clientIp: request.ip },
      this.clock.now(),
    );
    // The portal shows its own words for RATE_LIMITED, in the patient's language.
    if (!verdict.allowed) throw new TooManyRequestsError(verdict.retryAfterSeconds);
    return true;
  }
}
