import type { RouteHandler } from '@hono/zod-openapi';
import { and, not, sql, type SQL } from 'drizzle-orm';
import type { AppEnv } from '../../app-env.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { pageOffset, parsePageRequest, toPage } from '../../lib/pagination.ts';
import { DEFAULT_ORDER, detailFields, hasReceipt, liveBroadcasts } from './queries.ts';
import { drfJson } from '../../lib/drf/render.ts';
import type { listAnnouncements } from './routes.ts';
import { serializeDetail } from './serialize.ts';

/**
 * `GET /api/v1/notifications/announcements/` (contract §d.5, decision D2): the site's live
 * broadcasts in the full detail shape; `unread=true` drops those I have a receipt for.
 */
export const announcements: RouteHandler<typeof listAnnouncements, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const pageRequest = parsePageRequest(new URL(c.req.url).searchParams);
  const where = and(liveBroadcasts(c.var.site.siteId), query.unread === 'true' ? not(hasReceipt) : undefined);

  const [[counted], rows] = await c.var.sql((db) => {
    const matching = db.select({ one: sql`1` }).from(notifications).where(where);
    const offset = pageOffset(pageRequest, sql`${matching}`) as number | SQL as number; // see list.ts
    return [
      db.select({ count: sql<number>`count(*)::int` }).from(notifications).where(where),
      db.select(detailFields).from(notifications).where(where).orderBy(...DEFAULT_ORDER).limit(pageRequest.pageSize).offset(offset),
    ] as const;
  });

  return drfJson(c, toPage(pageRequest, c.req.url, counted!.count, rows.map(serializeDetail)));
};
