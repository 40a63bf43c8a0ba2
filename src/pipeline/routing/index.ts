import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors/api-error.ts';
import type { RouteTable } from './route-table.ts';

export { buildRouteTable, type RouteTable } from './route-table.ts';
export { formatSuffix, routingPath } from './format-suffix.ts';

export interface AllowedMethodsOptions {
  routes: () => RouteTable;
}

/**
 * 405 with `Allow` for a known URL and another method — decided after authentication, as DRF
 * does, and before dispatch, so `GET …/mark-read/` is not mistaken for a detail id.
 */
export function allowedMethods(options: AllowedMethodsOptions): MiddlewareHandler {
  return async function allowedMethodsMiddleware(c, next) {
    const allowed = options.routes().methodsFor(c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method) && c.req.method !== 'OPTIONS') {
      throw ApiError.methodNotAllowed(c.req.method, allowed);
    }
    await next();
  };
}
