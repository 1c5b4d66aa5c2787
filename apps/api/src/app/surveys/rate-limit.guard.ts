import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../common/clock';
import { TooManyRequestsError } from '../common/domain-errors';

const WINDOW_MS = 60_000;
const PER_IP = 120;
const PER_TOKEN = 60;

/**
 * Fixed-window limits on the public survey routes, per client IP and per token, so a link
 * cannot be hammered and tokens cannot be guessed at speed. Counts are per process: with
 * several replicas the effective limit is a multiple of these, which still stops brute force
 * against a 256-bit token space.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ ip: string; params: Record<string, string> }>();
    const now = this.clock.now().getTime();
    // The raw token is never kept, even in memory maps: only a short hash of it.
    const token = request.params['token'] ?? '';
    const tokenKey = `t:${createHash('sha256').update(token).digest('base64url').slice(0, 16)}`;
    if (!this.hit(`ip:${request.ip}`, PER_IP, now) || !this.hit(tokenKey, PER_TOKEN, now)) {
      throw new TooManyRequestsError(Math.ceil(WINDOW_MS / 1000));
    }
    return true;
  }

  private hit(key: string, limit: number, now: number): boolean {
    const window = this.windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      if (this.windows.size > 50_000) this.sweep(now);
      this.windows.set(key, { start: now, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= limit;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= WINDOW_MS) this.windows.delete(key);
  }
}
