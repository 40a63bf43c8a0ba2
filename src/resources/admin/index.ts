import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { validationHook } from '../../lib/validation.ts';
import { payouts } from './payouts.ts';
import * as routes from './routes.ts';

export { PERMISSIONS } from './routes.ts';

/** Admin API, mounted at /api/v1/admin behind the auth chain; each route requires its permission. */
export const adminRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(routes.payouts, payouts);
