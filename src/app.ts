import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { AppEnv } from './app-env.ts';
import { validationHook } from './lib/validation.ts';
import { auth } from './pipeline/auth/index.ts';
import { cors } from './pipeline/cors/index.ts';
import { database } from './pipeline/database/index.ts';
import { notFound, onError } from './pipeline/errors/handlers.ts';
import { clientIp, rateLimit } from './pipeline/rate-limit/index.ts';
import { requestId } from './pipeline/request-id/index.ts';
import { requestLog } from './pipeline/request-log/index.ts';
import { allowedMethods, buildRouteTable, routingPath, type RouteTable } from './pipeline/routing/index.ts';
import { queryRules } from './pipeline/query/index.ts';
import { settings } from './pipeline/settings/index.ts';
import { isSiteExempt, site } from './pipeline/site/index.ts';
import { jobsRoutes } from './jobs/index.ts';
import { adminRoutes } from './resources/admin/index.ts';
import { allocationsRoutes } from './resources/allocations/index.ts';
import { healthRoutes, PROBE_PATHS } from './resources/health/index.ts';
import { notificationsRoutes } from './resources/notifications/index.ts';

/**
 * The whole HTTP surface, used by the worker entry and by the tests alike. The pipeline runs in
 * this order (contract §c.1): request id → log → settings → CORS → rate limit per IP → site →
 * [/api/v1: auth → rate limit per user → database (c.var.sql) → 405 check → query rules] → route.
 * Errors at any step go to one handler.
 */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, getPath: routingPath });
  let table: RouteTable | undefined;
  const routes = () => (table ??= buildRouteTable(app));

  // Per client IP before the site lookup, so floods of bogus site codes or bad tokens are counted
  // too; the site-exempt paths (probes, API docs, signed QStash deliveries) are not limited.
  const perIp = rateLimit({ name: 'ip', perMinute: (s) => s.RATE_LIMIT_IP_PER_MINUTE, identify: (c) => (isSiteExempt(c.req.path) ? null : clientIp(c)) });
  app.use('*', requestId(), requestLog(), settings({ degradable: PROBE_PATHS }), cors(), perIp, site());
  app.route('/', healthRoutes);

  // Site-less, token-less API documentation (registered before the /api/v1 auth chain). The
  // document is generated once per isolate: the routes cannot change after createApp().
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  let openApiDocument: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get('/api/v1/openapi.json', (c) =>
    c.json(
      (openApiDocument ??= app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: { title: 'POSX Edge API', version: '1.0.0', description: 'POSX P1 API (notifications, allocations) on the edge.' },
        security: [{ bearerAuth: [] }],
      })),
    ),
  );
  app.get('/api/v1/docs/', Scalar({ url: '/api/v1/openapi.json', pageTitle: 'POSX Edge API' }));
  // QStash deliveries: signed, token-less and site-exempt, so registered before the auth chain.
  app.route('/api/v1/jobs', jobsRoutes);

  app.use(
    '/api/v1/*',
    auth({ routes }),
    rateLimit({ name: 'user', perMinute: (s) => s.RATE_LIMIT_USER_PER_MINUTE, identify: (c) => c.get('principal')?.sub ?? null }),
    // Before the 405 and query checks: a refused request's caller is still checked for being active.
    database(),
    allowedMethods({ routes }),
    queryRules(),
  );
  app.route('/api/v1/notifications/', notificationsRoutes);
  app.route('/api/v1/allocations/', allocationsRoutes);
  app.route('/api/v1/admin', adminRoutes);

  app.notFound(notFound(routes));
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
