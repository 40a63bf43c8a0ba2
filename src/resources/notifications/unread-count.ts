import type { RouteHandler } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../../app-env.ts';
import { notifications as n } from '../../db/schema/notifications.ts';
import { unread } from './queries.ts';
import { drfJson, renderDrfJson } from '../../lib/drf/render.ts';
import type { getUnreadCount } from './routes.ts';

/** Browsers and proxies must revalidate: the answer is per user and changes with every read. */
const CACHING = { 'Cache-Control': 'private, no-cache', Vary: 'Authorization, X-Site-Code' };

/**
 * `GET /api/v1/notifications/unread-count/` (contract §d.4): one grouping-sets query gives the
 * per-category and per-severity counts; only non-zero groups exist, so only they appear. Polled on
 * every page: a strong ETag over the body lets an unchanged answer be a 304 without a body.
 */
export const unreadCount: RouteHandler<typeof getUnreadCount, AppEnv> = async (c) => {
  const [groups] = await c.var.sql((db) => [
    db
      .select({
        byCategory: sql<boolean>`grouping(${n.category}) = 0`,
        key: sql<string>`coalesce(${n.category}, ${n.severity})`,
        count: sql<number>`count(*)::int`,
      })
      .from(n)
      .where(unread(c.var.site.siteId))
      .groupBy(sql`grouping sets ((${n.category}), (${n.severity}))`)
      // Byte order, so every database (whatever its collation) answers in the same key order.
      .orderBy(sql`grouping(${n.category})`, sql`coalesce(${n.category}, ${n.severity}) collate "C"`),
  ] as const);

  // Maps, not objects: a stored category such as `__proto__` or `10` must stay a plain key in order.
  const body = { total: 0, by_category: new Map<string, number>(), by_severity: new Map<string, number>() };
  for (const group of groups) {
    if (group.byCategory) {
      body.by_category.set(group.key, group.count);
      body.total += group.count;
    } else {
      body.by_severity.set(group.key, group.count);
    }
  }

  const text = renderDrfJson(body);
  const etag = await strongEtag(text);
  if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) return c.body(null, 304, { ETag: etag, ...CACHING });
  return drfJson(c, body, { ETag: etag, ...CACHING }, text);
};

async function strongEtag(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `"${hex.slice(0, 32)}"`;
}

/** RFC 9110 §13.1.2: `*` or any listed tag, compared weakly (a `W/` prefix does not matter). */
function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
