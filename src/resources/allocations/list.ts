import type { RouteHandler } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../../app-env.ts';
import { allocations, orders } from '../../db/schema/orders.ts';
import { parseOrdering } from '../../lib/ordering.ts';
import { pageOffset, parsePageRequest, toPage } from '../../lib/pagination.ts';
import { DEFAULT_ORDER, listFields, orderOfAllocation, ORDERING_KEYS, scopedAllocations, TIE_BREAKER } from './queries.ts';
import type { listAllocations } from './routes.ts';
import { serializeAllocation } from './serialize.ts';

/** `GET /api/v1/allocations/` (contract §d.7): count and page in one round trip. */
export const list: RouteHandler<typeof listAllocations, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const pageRequest = parsePageRequest(new URL(c.req.url).searchParams);
  const ordering = parseOrdering(query.ordering, ORDERING_KEYS);
  const where = scopedAllocations(c.var.site.siteId, query);

  const [[counted], rows] = await c.var.sql((db) => {
    const matching = db.select({ one: sql`1` }).from(allocations).innerJoin(orders, orderOfAllocation).where(where);
    // `page=last` is an OFFSET computed from the same count (pagination.ts). drizzle types OFFSET as
    // a number, but renders whatever it is given as ` offset <chunk>`, SQL included.
    const offset = pageOffset(pageRequest, matching.getSQL()) as number;
    return [
      db.select({ count: sql<number>`count(*)::int` }).from(allocations).innerJoin(orders, orderOfAllocation).where(where),
      db
        .select(listFields)
        .from(allocations)
        .innerJoin(orders, orderOfAllocation)
        .where(where)
        .orderBy(...(ordering ? [...ordering, TIE_BREAKER] : DEFAULT_ORDER))
        .limit(pageRequest.pageSize)
        .offset(offset),
    ] as const;
  });

  return c.json(toPage(pageRequest, c.req.url, counted!.count, rows.map(serializeAllocation)), 200);
};
