import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { validationHook } from '../../lib/validation.ts';
import { balance } from './balance.ts';
import { get } from './get.ts';
import { list } from './list.ts';
import { releases } from './releases.ts';
import * as routes from './routes.ts';

/**
 * Allocations API (contract §d.6–§d.9, plus the releases addition), mounted at /api/v1/allocations.
 * `balance/` is registered before `{allocation_id}/`, so it is never taken as an id (§d.9).
 */
export const allocationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.listAllocations, list)
  .openapi(routes.getAllocationBalance, balance)
  .openapi(routes.getAllocation, get)
  .openapi(routes.listAllocationReleases, releases);
