import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { validationHook } from '../../lib/validation.ts';

/** Allocations API (contract §d.6–§d.9, plus releases), mounted at /api/v1/allocations. */
export const allocationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
