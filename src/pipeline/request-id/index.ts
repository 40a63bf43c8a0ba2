import type { MiddlewareHandler } from 'hono';

export type RequestIdVariables = { requestId: string };

/**
 * A fresh uuid4 per request (incoming `X-Request-ID` is ignored, as in the original), on every
 * response — including the site error, unlike the original (decision D5).
 */
export function requestId(): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async function requestIdMiddleware(c, next) {
    const id = crypto.randomUUID();
    c.set('requestId', id);
    await next();
    c.res.headers.set('X-Request-ID', id);
  };
}
