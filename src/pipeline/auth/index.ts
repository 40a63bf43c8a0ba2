import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors/api-error.ts';
import type { SettingsVariables } from '../settings/index.ts';
import type { RouteTable } from '../routing/route-table.ts';
import { verifyAccessToken, type Principal } from './verify.ts';

export type { Principal } from './verify.ts';
export type AuthVariables = {
  principal: Principal;
  /** Set once the principal's user row is resolved (inside the request's transaction). */
  userId?: string;
};

export interface AuthOptions {
  /** Only known URLs need credentials; unknown ones fall through to a plain 404. */
  routes: () => RouteTable;
}

/**
 * Bearer authentication for /api/v1 (contract §c.4). The token is everything after the exact
 * prefix `Bearer `; anything else is anonymous, and every P1 endpoint refuses anonymous callers
 * with 401 (decision D1). The user row is resolved later, inside the request's one transaction.
 */
export function auth(options: AuthOptions): MiddlewareHandler<{ Variables: SettingsVariables & AuthVariables }> {
  return async function authMiddleware(c, next) {
    if (options.routes().methodsFor(c.req.path).length === 0) return next();
    const header = c.req.header('Authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (token === '') throw ApiError.unauthorized();
    c.set('principal', await verifyAccessToken(token, c.get('settings')));
    await next();
  };
}

/** Admin endpoints: the access token must carry `permission` (Auth0 RBAC). */
export function requirePermission(permission: string): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async function requirePermissionMiddleware(c, next) {
    if (!c.get('principal').permissions.includes(permission)) throw ApiError.forbidden();
    await next();
  };
}
