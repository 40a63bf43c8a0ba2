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
    origin: (origin, c) => ((c.get('settings') as SettingsVariables['settings']).CORS_ALLOWED_ORIGINS.includes(origin) ? origin : null),
    credentials: true,
    allowHeaders: ['Authorization', 'Content-Type', 'X-Site-Code', 'Accept', 'If-None-Match'],
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['X-Request-ID', 'ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    maxAge: 600,
  });
  return async function corsMiddleware(c, next) {
    return handler(c, next);
  };
}
