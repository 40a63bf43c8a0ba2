import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { allocations, orders } from '../../db/schema/orders.ts';
import { balanceFields, orderOfAllocation, ownedInSite } from './queries.ts';
import type { getAllocationBalance } from './routes.ts';
import { serializeBalance } from './serialize.ts';

/** `GET /api/v1/allocations/balance/` (contract §d.9): one aggregate over the base set, no filters. */
export const balance: RouteHandler<typeof getAllocationBalance, AppEnv> = async (c) => {
  const [[row]] = await c.var.sql((db) => [
    db.select(balanceFields).from(allocations).innerJoin(orders, orderOfAllocation).where(ownedInSite(c.var.site.siteId)),
  ] as const);
  // An aggregate without GROUP BY always returns exactly one row (zeros when there is nothing).
  return c.json(serializeBalance(row!), 200);
};
