import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { validationHook } from '../../lib/validation.ts';

/** Notifications API (contract §d.1–§d.5), mounted at /api/v1/notifications. */
export const notificationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
