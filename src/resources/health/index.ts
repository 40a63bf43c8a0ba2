import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import * as handlers from './handlers.ts';
import * as routes from './routes.ts';

/** The probes: exempt from the site check, and answering even when the worker is misconfigured. */
export const PROBE_PATHS = ['/health/', '/ready/', '/version/'] as const;

export const healthRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.health, handlers.health)
  .openapi(routes.ready, handlers.ready)
  .openapi(routes.version, handlers.version);
