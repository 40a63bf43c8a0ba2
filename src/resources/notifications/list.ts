import type { RouteHandler } from '@hono/zod-openapi';
import { and, sql, type SQL } from 'drizzle-orm';
import type { AppEnv } from '../../app-env.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { parseOrdering } from '../../lib/ordering.ts';
import { pageOffset, parsePageRequest, toPage } from '../../lib/pagination.ts';
import { DEFAULT_ORDER, filterPredicates, listFields, mine, ORDERING_KEYS, TIE_BREAKER } from './queries.ts';
import { drfJson } from '../../lib/drf/render.ts';
import type { listNotifications } from './routes.ts';
import { serializeListItem } from './serialize.ts';

/** `GET /api/v1/notifications/` (contract §d.1): count and page in one round trip. */
export const list: RouteHandler<typeof listNotifications, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const pageRequest = parsePageRequest(new URL(c.req.url).searchParams);
  const ordering = parseOrdering(query.ordering, ORDERING_KEYS);
  const where = and(mine(c.var.site.siteId), ...filterPredicates(query));

  const [[counted], rows] = await c.var.sql((db) => {
    const matching = db.select({ one: sql`1` }).from(notifications).where(where);
    // `page=last` is an OFFSET over the same count (pagination.ts); drizzle's typings only admit a
    // number there, but it renders any SQL chunk as ` offset <chunk>`.
    const offset = pageOffset(pageRequest, sql`${matching}`) as number | SQL as number;
    return [
      db.select({ count: sql<number>`count(*)::int` }).from(notifications).where(where),
      db
        .select(listFields)
        .from(notifications)
        .where(where)
        .orderBy(...(ordering ? [...ordering, TIE_BREAKER] : DEFAULT_ORDER))
        .limit(pageRequest.pageSize)
        .offset(offset),
    ] as const;
  });

  return drfJson(c, toPage(pageRequest, c.req.url, counted!.count, rows.map(serializeListItem)));
};
