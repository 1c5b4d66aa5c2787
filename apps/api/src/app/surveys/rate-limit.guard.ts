import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { TooManyRequestsError } from '../common/domain-errors';
import { hashSurveyToken, looksLikeSurveyToken } from '../invitations/survey-token';
import { RateLimitRepository } from './rate-limit.repository';
import type { LinkedInvitation } from '../invitations/invitations.repository';

/** Where the guard leaves the link it read on the request. */
const LINK_AS_READ = Symbol('surveyLinkAsRead');

type LinkRequest = { ip: string; params: Record<string, string | undefined>; [LINK_AS_READ]?: LinkedInvitation | null };

const READS_LINK = 'surveyRouteReadsLink';

/**
 * A route whose handler reads the link first thing, without a lock (the survey's GET, the final
 * submission): the guard's statement reads it along with the count, and @LinkAsRead hands it over.
 */
export const ReadsLink = (): MethodDecorator => SetMetadata(READS_LINK, true);

/**
 * The link as the rate limit's statement read it, without a lock (null: no such link), on a
 * @ReadsLink route. Undefined elsewhere, and for a token that cannot be a link.
 */
export const LinkAsRead = createParamDecorator((_: unknown, context: ExecutionContext): LinkedInvitation | null | undefined => {
  return context.switchToHttp().getRequest<LinkRequest>()[LINK_AS_READ];
});

/**
 * Limits on the public survey routes, counted in PostgreSQL so that every replica shares them
 * (rate-limit.repository.ts says what is counted and why). The client address is Fastify's
 * request.ip, which believes X-Forwarded-For only from the proxies TRUST_PROXY names.
 *
 * On a @ReadsLink route the same statement reads the link (linkQuery, unlocked): the survey's GET
 * is then one statement, a submission two. The other routes read it themselves, locked.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limits: RateLimitRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly clock: Clock,
    private readonly reflector: Reflector,
  ) {
    // One counter store per guard (the module provides the guard alone).
    this.limits = new RateLimitRepository(dataSource);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<LinkRequest>();
    const token = request.params['token'] ?? '';
    // The raw token is never kept: only its sha256, the way survey_tokens stores it.
    const wellFormed = looksLikeSurveyToken(token);
    const withLink = wellFormed && this.reflector.get<boolean | undefined>(READS_LINK, context.getHandler()) === true;
    const { verdict, link } = await this.limits.hit({ tokenHash: hashSurveyToken(token), wellFormed, clientIp: request.ip }, this.clock.now(), withLink);
    // The portal shows its own words for RATE_LIMITED, in the patient's language.
    if (!verdict.allowed) throw new TooManyRequestsError(verdict.retryAfterSeconds);
    if (withLink) request[LINK_AS_READ] = link ?? null;
    return true;
  }
}
