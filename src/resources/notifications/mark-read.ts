import type { RouteHandler } from '@hono/zod-openapi';
import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { AppEnv } from '../../app-env.ts';
import { notificationReadReceipts as receipts, notifications as n } from '../../db/schema/notifications.ts';
import { currentUserId } from '../../db/tx.ts';
import { validateMarkRead } from './mark-read-input.ts';
import { broadcast, BY_ID, hasReceipt, inSite, live, personal } from './queries.ts';
import { drfJson } from '../../lib/drf/render.ts';
import { readRequestData } from '../../lib/drf/request-data.ts';
import type { markRead as markReadRoute } from './routes.ts';

/**
 * `PATCH /api/v1/notifications/mark-read/` (contract §d.3): one statement in the request's one
 * transaction. Candidates are my live notifications of this site (optionally only the given ids;
 * anything else is ignored silently). Personal ones that are unread get `read_at = now()`;
 * broadcasts get my receipt, `ON CONFLICT DO NOTHING`. Counts come from the rows each part
 * RETURNs, so a row already read (or receipted by a concurrent call) is not counted twice.
 *
 * Concurrency: personal rows are locked in id order before the update (`FOR NO KEY UPDATE`, the
 * lock UPDATE itself takes) and receipts are inserted in id order, so two calls never wait on each
 * other crosswise (no deadlock). Under READ COMMITTED a locked row is re-checked after the wait, so a
 * row another call just marked drops out; a receipt another call just inserted is a conflict
 * (nothing, not an error). The receipt FK is deferred and only takes a KEY SHARE lock at commit,
 * which the read_at update does not conflict with.
 */
export const markRead: RouteHandler<typeof markReadRoute, AppEnv> = async (c) => {
  const input = validateMarkRead(await readRequestData(c.req.raw));
  const candidates = and(inSite(c.var.site.siteId), live, input.markAll ? undefined : inArray(n.notificationId, input.ids));

  const [[counts]] = await c.var.sql((db) => {
    const toMark = db.$with('to_mark').as(
      db
        .select({ id: n.notificationId })
        .from(n)
        .where(and(candidates, personal, isNull(n.readAt)))
        .orderBy(BY_ID)
        .for('no key update'),
    );
    const marked = db.$with('marked').as(
      db
        .update(n)
        .set({ readAt: sql`now()` })
        .where(and(inSite(c.var.site.siteId), inArray(n.notificationId, db.select({ id: toMark.id }).from(toMark)), isNull(n.readAt)))
        .returning({ id: n.notificationId }),
    );
    const receipted = db.$with('receipted').as(
      db
        .insert(receipts)
        .select(
          db
            .select({
              receiptId: sql`gen_random_uuid()`.as('receipt_id'),
              notificationId: n.notificationId,
              userId: sql`${currentUserId}`.as('user_id'),
              readAt: sql`now()`.as('read_at'),
              createdAt: sql`now()`.as('created_at'),
            })
            .from(n)
            .where(and(candidates, broadcast, sql`not ${hasReceipt}`))
            .orderBy(BY_ID),
        )
        .onConflictDoNothing({ target: [receipts.notificationId, receipts.userId] })
        .returning({ id: receipts.notificationId }),
    );
    return [
      db
        .with(toMark, marked, receipted)
        .select({
          personal: sql<number>`(select count(*) from ${marked})::int`,
          broadcast: sql<number>`(select count(*) from ${receipted})::int`,
        })
        .from(sql`(select 1) as one`),
    ] as const;
  });

  const { personal: personalCount, broadcast: broadcastCount } = counts!;
  return drfJson(c, { marked_count: personalCount + broadcastCount, personal_count: personalCount, broadcast_count: broadcastCount });
};
