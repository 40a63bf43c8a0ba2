import type { Context, MiddlewareHandler } from 'hono';
import { Ratelimit } from '@upstash/ratelimit';
import { ApiError } from '../errors/api-error.ts';
import type { SettingsVariables } from '../settings/index.ts';
import type { Settings } from '../../env.ts';
import { createRedis } from '../../lib/redis.ts';
import { redactSecrets } from '../../lib/redact.ts';

export interface RateLimitOptions {
  /** Redis key prefix, also the limiter's name in logs. */
  name: string;
  perMinute: (settings: Settings) => number;
  /** Who is counted; null skips the check. */
  identify: (c: Context) => string | null;
}

/** Blocked identifiers remembered in the isolate, so a flood stops costing Redis calls. Data only. */
const ephemeralCache = new Map<string, number>();
/** How long a Redis that failed or timed out is left alone: only one request per window pays the timeout. */
const UNAVAILABLE_COOLDOWN_MS = 10_000;
const REDIS_TIMEOUT_MS = 1000;
/** Per Upstash URL: until when the limits are skipped after a failure. Data only. */
const unavailableUntil = new Map<string, number>();

/**
 * A sliding-window limit per minute via Upstash: 429 + `Retry-After` when exceeded, `RateLimit-*`
 * headers on every answer. Availability first: when Redis fails or times out the request is served,
 * the failure logged and Redis left alone for a cooldown (`/ready/` reports Redis separately).
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<{ Variables: SettingsVariables }> {
  return async function rateLimitMiddleware(c, next) {
    const identifier = options.identify(c);
    if (identifier === null) return next();
    const settings = c.get('settings');
    if ((unavailableUntil.get(settings.UPSTASH_REDIS_REST_URL) ?? 0) > Date.now()) return next();
    const limiter = new Ratelimit({
      redis: createRedis(settings),
      limiter: Ratelimit.slidingWindow(options.perMinute(settings), '60 s'),
      prefix: `posx:ratelimit:${options.name}`,
      ephemeralCache,
      timeout: REDIS_TIMEOUT_MS,
      analytics: false,
    });
    const unavailable = (cause: string) => {
      unavailableUntil.set(settings.UPSTASH_REDIS_REST_URL, Date.now() + UNAVAILABLE_COOLDOWN_MS);
      console.error(JSON.stringify({ level: 'error', msg: 'rate limit unavailable', limiter: options.name, cause: redactSecrets(cause) }));
      return next();
    };
    let outcome: Awaited<ReturnType<Ratelimit['limit']>>;
    try {
      outcome = await limiter.limit(identifier);
    } catch (e) {
      return unavailable(String(e));
    }
    // On a timeout the library lets the request pass with made-up numbers: no headers from those.
    if (outcome.reason === 'timeout') return unavailable(`no answer within ${REDIS_TIMEOUT_MS} ms`);
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
