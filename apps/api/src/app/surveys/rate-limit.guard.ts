import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { TooManyRequestsError } from '../common/domain-errors';
import { hashSurveyToken, looksLikeSurveyToken } from '../invitations/survey-token';
import { RateLimitRepository } from './rate-limit.repository';
import { LinkedInvitation, linkQuery, toLinkedInvitation } from '../invitations/invitations.repository';

/** Where the guard leaves the link it read on the request. */
const LINK_AS_READ = Symbol('surveyLinkAsRead');

type LinkRequest = { ip: string; params: Record<string, string | undefined>; [LINK_AS_READ]?: LinkedInvitation | null };

/**
 * The link as the rate limit's statement read it, without a lock (null: no such link), for a
 * handler that would otherwise read it again first thing. Undefined where the guard did not run.
 */
export const LinkAsRead = createParamDecorator((_: unknown, context: ExecutionContext): LinkedInvitation | null | undefined => {
  return context.switchToHttp().getRequest<LinkRequest>()[LINK_AS_READ];
});

/**
 * Limits on the public survey routes, counted in PostgreSQL so that every replica shares them
 * (rate-limit.repository.ts says what is counted and why). The client address is Fastify's
 * request.ip, which believes X-Forwarded-For only from the proxies TRUST_PROXY names.
 *
 * The same statement reads the link (linkQuery, unlocked), since every one of these routes starts
 * by reading it: a survey opening is then one statement, a submission two (@LinkAsRead).
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
    const request = context.switchToHttp().getRequest<LinkRequest>();
    const token = request.params['token'] ?? '';
    // The raw token is never kept: only its sha256, the way survey_tokens stores it.
    const wellFormed = looksLikeSurveyToken(token);
    const { verdict, read } = await this.limits.hit(
      { tokenHash: hashSurveyToken(token), wellFormed, clientIp: request.ip },
      this.clock.now(),
      wellFormed ? linkQuery('$2', false) : undefined,
    );
    // The portal shows its own words for RATE_LIMITED, in the patient's language.
    if (!verdict.allowed) throw new TooManyRequestsError(verdict.retryAfterSeconds);
    if (wellFormed) request[LINK_AS_READ] = toLinkedInvitation(read);
    return true;
  }
}
