import type { Context, MiddlewareHandler } from 'hono';
import { Ratelimit } from '@upstash/ratelimit';
import { ApiError } from '../errors/api-error.ts';
import type { SettingsVariables } from '../settings/index.ts';
import type { Settings } from '../../env.ts';
import { createRedis } from '../../lib/redis.ts';

export interface Limit {
  /** Redis key prefix, also the limiter's name in logs. */
  name: string;
  perMinute: (settings: Settings) => number;
  /** Who is counted; null skips this limit. */
  identify: (c: Context) => string | null;
}

export interface RateLimitOptions {
  limits: Limit[];
}

/** Blocked identifiers remembered in the isolate, so a flood stops costing Redis calls. Data only. */
const ephemeralCache = new Map<string, number>();

type Outcome = { limit: number; remaining: number; reset: number; success: boolean };

/**
 * Sliding-window limits per minute via Upstash, all checked at once (one Redis round trip of
 * latency, not one per limit). The tightest limit answers with 429 + `Retry-After` and sets the
 * `RateLimit-*` headers. Availability first: when Redis is unreachable the request is served and
 * the failure logged (`/ready/` reports Redis separately).
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<{ Variables: SettingsVariables }> {
  return async function rateLimitMiddleware(c, next) {
    const settings = c.get('settings');
    const checks = options.limits.flatMap((limit) => {
      const identifier = limit.identify(c);
      return identifier === null ? [] : [check(settings, limit, identifier)];
    });
    const outcomes = (await Promise.all(checks)).filter((o): o is Outcome => o !== null);
    if (outcomes.length === 0) return next();

    const tightest = outcomes.reduce((a, b) => (!b.success && a.success) || b.remaining < a.remaining ? b : a);
    const resetSeconds = Math.max(0, Math.ceil((tightest.reset - Date.now()) / 1000));
    const headers = {
      'RateLimit-Limit': String(tightest.limit),
      'RateLimit-Remaining': String(Math.max(0, tightest.remaining)),
      'RateLimit-Reset': String(resetSeconds),
    };
    if (!tightest.success) throw ApiError.rateLimited(Math.max(1, resetSeconds), headers);
    await next();
    for (const [k, v] of Object.entries(headers)) if (!c.res.headers.has(k)) c.res.headers.set(k, v);
  };
}

async function check(settings: Settings, limit: Limit, identifier: string): Promise<Outcome | null> {
  const limiter = new Ratelimit({
    redis: createRedis(settings),
    limiter: Ratelimit.slidingWindow(limit.perMinute(settings), '60 s'),
    prefix: `posx:ratelimit:${limit.name}`,
    ephemeralCache,
    timeout: 1000,
    analytics: false,
  });
  try {
    return await limiter.limit(identifier);
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'rate limit unavailable', limiter: limit.name, cause: String(e) }));
    return null;
  }
}

export const clientIp = (c: Context) => c.req.header('CF-Connecting-IP') ?? c.req.header('X-Real-IP') ?? 'unknown';
