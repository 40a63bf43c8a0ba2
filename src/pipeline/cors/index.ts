import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import type { SettingsVariables } from '../settings/index.ts';

/**
 * CORS for browser frontends: origins from CORS_ALLOWED_ORIGINS, credentials allowed, the headers
 * POSX clients send (the original forgot X-Site-Code) and X-Request-ID exposed. Preflights are
 * answered here, before the site and auth checks.
 */
export function cors(): MiddlewareHandler<{ Variables: SettingsVariables }> {
  const handler = honoCors({
    // Without settings (a misconfigured worker's probes) no origin is allowed.
    origin: (origin, c) => ((c.get('settings') as SettingsVariables['settings'] | undefined)?.CORS_ALLOWED_ORIGINS.includes(origin) ? origin : null),
    credentials: true,
    allowHeaders: ['Authorization', 'Content-Type', 'X-Site-Code', 'Accept', 'If-None-Match'],
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['X-Request-ID', 'ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 600,
  });
  return async function corsMiddleware(c, next) {
    // Only OPTIONS with Access-Control-Request-Method is a preflight (contract §c.1); a plain
    // OPTIONS is a request like any other, with its site and auth checks.
    if (c.req.method === 'OPTIONS' && !c.req.header('Access-Control-Request-Method')) return next();
    return handler(c, next);
  };
}
