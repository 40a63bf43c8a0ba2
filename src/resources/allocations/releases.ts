import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { allocations, orders } from '../../db/schema/orders.ts';
import { vestingReleases, vestingSchedules } from '../../db/schema/vesting.ts';
import { allocationIdOf, allocationNotFound } from './not-found.ts';
import { orderOfAllocation, RELEASE_ORDER, releaseFields, releasesOfSchedule, scheduleOfAllocation, scopedAllocation } from './queries.ts';
import type { listAllocationReleases } from './routes.ts';
import { serializeReleases } from './serialize.ts';

/**
 * `GET /api/v1/allocations/{allocation_id}/releases/` — an addition to the original API: the
 * allocation's vesting tranches (contract §a.6) and a summary, with the detail's scoping rules.
 * No row at all means the allocation is not the caller's (404); one all-null row means it has no
 * schedule (empty list, zero summary).
 */
export const releases: RouteHandler<typeof listAllocationReleases, AppEnv> = async (c) => {
  const id = allocationIdOf(c.req.valid('param').allocation_id);
  const query = c.req.valid('query');
  const siteId = c.var.site.siteId;
  const [rows] = await c.var.sql((db) => [
    db
      .select(releaseFields)
      .from(allocations)
      .innerJoin(orders, orderOfAllocation)
      .leftJoin(vestingSchedules, scheduleOfAllocation(siteId))
      .leftJoin(vestingReleases, releasesOfSchedule)
      .where(scopedAllocation(siteId, query, id))
      .orderBy(...RELEASE_ORDER),
  ] as const);
  if (rows.length === 0) throw allocationNotFound();
  return c.json(serializeReleases(rows), 200);
};
