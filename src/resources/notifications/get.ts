import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { AppEnv } from '../../app-env.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { ApiError } from '../../pipeline/errors/api-error.ts';
import { parseUuidText } from '../../lib/uuid.ts';
import { detailFields, filterPredicates, mine } from './queries.ts';
import { drfJson } from '../../lib/drf/render.ts';
import type { getNotification } from './routes.ts';
import { serializeDetail } from './serialize.ts';

/**
 * 404 for anything outside the caller's set: unknown, another user's, another site's, not live,
 * filtered out or malformed — indistinguishable on purpose, so ids cannot be probed. Clients compare
 * `code` and `detail`; the message is the original's text for a missing object (§c.6).
 */
const notFound = () => ApiError.notFound('Not found.', 'No Notification matches the given query.');

/** `GET /api/v1/notifications/{notification_id}/` (contract §d.2). Viewing does not mark read. */
export const get: RouteHandler<typeof getNotification, AppEnv> = async (c) => {
  // A malformed id cannot match: answered without a database round trip.
  const id = parseUuidText(c.req.valid('param').notification_id);
  if (!id) throw notFound();
  const where = and(mine(c.var.site.siteId), eq(notifications.notificationId, id), ...filterPredicates(c.req.valid('query')));

  const [rows] = await c.var.sql((db) => [db.select(detailFields).from(notifications).where(where).limit(1)] as const);

  const row = rows[0];
  if (!row) throw notFound();
  return drfJson(c, serializeDetail(row));
};
