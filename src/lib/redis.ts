import { Redis } from '@upstash/redis/cloudflare';
import type { Settings } from '../env.ts';

/**
 * An Upstash REST client: plain fetch calls, no socket, so it is created per use. No retries (a
 * rate-limit check must not stall a request) and no auto-pipelining (a batched failure would reject
 * promises nobody awaits).
 */
export function createRedis(settings: Settings): Redis {
  return new Redis({
    url: settings.UPSTASH_REDIS_REST_URL,
    token: settings.UPSTASH_REDIS_REST_TOKEN,
    retry: false,
    enableAutoPipelining: false,
    enableTelemetry: false,
  });
}
