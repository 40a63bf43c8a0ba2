import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { allocations, orders } from '../../db/schema/orders.ts';
import { allocationIdOf, allocationNotFound } from './not-found.ts';
import { detailFields, orderOfAllocation, scopedAllocation } from './queries.ts';
import type { getAllocation } from './routes.ts';
import { serializeAllocationDetail } from './serialize.ts';

/** `GET /api/v1/allocations/{allocation_id}/` (contract §d.8); the list filters apply too. */
export const get: RouteHandler<typeof getAllocation, AppEnv> = async (c) => {
  const id = allocationIdOf(c.req.valid('param').allocation_id);
  const query = c.req.valid('query');
  const [rows] = await c.var.sql((db) => [
    db
      .select(detailFields)
      .from(allocations)
      .innerJoin(orders, orderOfAllocation)
      .where(scopedAllocation(c.var.site.siteId, query, id)),
  ] as const);
  const row = rows[0];
  if (!row) throw allocationNotFound();
  return c.json(serializeAllocationDetail(row), 200);
};
