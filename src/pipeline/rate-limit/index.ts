import type { Context, MiddlewareHandler } from 'hono';
import { Ratelimit } from '@upstash/ratelimit';
import { ApiError } from '../errors/api-error.ts';
import type { SettingsVariables } from '../settings/index.ts';
import type { Settings } from '../../env.ts';
import { createRedis } from '../../lib/redis.ts';

export interface RateLimitOptions {
  /** Redis key prefix, also the limiter's name in logs. */
  name: string;
  perMinute: (settings: Settings) => number;
  /** Who is counted; null skips the check. */
  identify: (c: Context) => string | null;
}

/** Blocked identifiers remembered in the isolate, so a flood stops costing Redis calls. Data only. */
const ephemeralCache = new Map<string, number>();

/**
 * A sliding-window limit per minute via Upstash: 429 + `Retry-After` when exceeded, `RateLimit-*`
 * headers on every answer. Availability first: when Redis is unreachable the request is served and
 * the failure logged (`/ready/` reports Redis separately).
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<{ Variables: SettingsVariables }> {
  return async function rateLimitMiddleware(c, next) {
    const identifier = options.identify(c);
    if (identifier === null) return next();
    const settings = c.get('settings');
    const limiter = new Ratelimit({
      redis: createRedis(settings),
      limiter: Ratelimit.slidingWindow(options.perMinute(settings), '60 s'),
      prefix: `posx:ratelimit:${options.name}`,
      ephemeralCache,
      timeout: 1000,
      analytics: false,
    });
    let outcome: Awaited<ReturnType<Ratelimit['limit']>>;
    try {
      outcome = await limiter.limit(identifier);
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'rate limit unavailable', limiter: options.name, cause: String(e) }));
      return next();
    }
    const resetSeconds = Math.max(0, Math.ceil((outcome.reset - Date.now()) / 1000));
    const headers = {
      'RateLimit-Limit': String(outcome.limit),
      'RateLimit-Remaining': String(Math.max(0, outcome.remaining)),
      'RateLimit-Reset': String(resetSeconds),
    };
    if (!outcome.success) throw ApiError.rateLimited(Math.max(1, resetSeconds), headers);
    await next();
    // The per-user limit runs later and is usually the tighter one: its headers win.
    for (const [k, v] of Object.entries(headers)) if (!c.res.headers.has(k)) c.res.headers.set(k, v);
  };
}

export const clientIp = (c: Context) => c.req.header('CF-Connecting-IP') ?? c.req.header('X-Real-IP') ?? 'unknown';
