import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ApiError, HealthView } from '@stride/contracts';
import { Public } from '../auth/caller';
import { HealthService } from './health.service';

type HealthAnswer = HealthView | (HealthView & ApiError);

/** Probes answer without a login; a failing one is 503 SERVICE_UNAVAILABLE with Retry-After. */
@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness and database readiness (the contract's): 200 only when the database answers. */
  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthAnswer> {
    return answer(reply, await this.health.contract());
  }

  /** The process is up and serving: a database outage never fails it. */
  @Get('live')
  async live(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthAnswer> {
    return answer(reply, await this.health.live());
  }

  /** Ready for traffic: the database answers and every migration is applied. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthAnswer> {
    return answer(reply, await this.health.ready());
  }
}

function answer(reply: FastifyReply, view: HealthView): HealthAnswer {
  if (view.status === 'ok') return view;
  void reply.status(503).header('retry-after', '5');
  const failed = Object.keys(view.error).join(', ');
  return { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: `Not ready: ${failed} down`, ...view };
}
