import { getPath } from 'hono/utils/url';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { withRoundTripAccounting, type DbRoundTrips } from '../../db/client.ts';
import type { RequestIdVariables } from '../request-id/index.ts';
import type { SiteVariables } from '../site/index.ts';
import type { AuthVariables } from '../auth/index.ts';

export type RequestLogVariables = { dbRoundTrips: DbRoundTrips };

/**
 * One structured JSON line per request: id, site, user, route, status, duration and the number of
 * database round trips the request cost (counted by the Neon fetch wrapper, see db/client.ts).
 */
export function requestLog(): MiddlewareHandler<{
  Variables: RequestIdVariables & RequestLogVariables & Partial<SiteVariables> & Partial<AuthVariables>;
}> {
  return async function requestLogMiddleware(c, next) {
    const started = Date.now();
    const stats: DbRoundTrips = { requestId: c.get('requestId'), count: 0 };
    c.set('dbRoundTrips', stats);
    await withRoundTripAccounting(stats, next);
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'request',
        request_id: stats.requestId,
        method: c.req.method,
        path: getPath(c.req.raw), // as requested (c.req.path is the routed one, without a format suffix)
        route: routePath(c),
        status: c.res.status,
        site: c.get('site')?.code ?? null,
        user: c.get('userId') ?? null,
        duration_ms: Date.now() - started,
        db_round_trips: stats.count,
      }),
    );
  };
}
