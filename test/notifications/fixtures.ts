import { expect } from 'vitest';
import { call, ownerQuery, ownerSql, roundTripsOf, type CallOptions, type SiteFixture, type UserFixture } from '../harness/index.ts';

/**
 * Notification fixtures, written as the table owner inside the site's context (FORCE RLS applies to
 * the owner too). Times are either literal timestamptz text or seconds relative to the database's
 * now(), so "visible a minute ago" never depends on the test runner's clock.
 */
export interface NotificationSpec {
  id?: string;
  recipientType?: 'user' | 'agent' | 'admin' | 'site_broadcast';
  /** A user id; omit (or null) for broadcasts. */
  recipientId?: string | null;
  category?: string;
  subcategory?: string;
  severity?: string;
  sourceType?: string | null;
  sourceId?: string | null;
  title?: string;
  body?: string;
  /** JSON text, stored as jsonb. */
  payload?: string;
  actionUrl?: string | null;
  readAt?: Time | null;
  visibleAt?: Time;
  expiresAt?: Time | null;
  createdAt?: Time;
}

/** Literal timestamptz text, or `{ in: seconds }` relative to now() (negative = in the past). */
export type Time = string | { in: number };

const timeSql = (time: Time | null | undefined, param: number): string =>
  typeof time === 'object' && time !== null ? `now() + make_interval(secs => $${param}::float8)` : `$${param}::timestamptz`;
const timeParam = (time: Time | null | undefined) => (time === null || time === undefined ? null : typeof time === 'string' ? time : time.in);

/** Inserts notifications into one site; returns their ids in order (a tuple for a literal list). */
export async function insertNotifications<const T extends readonly NotificationSpec[]>(
  site: SiteFixture,
  specs: T,
): Promise<{ -readonly [K in keyof T]: string }> {
  const statements = specs.map((spec) => {
    const broadcast = (spec.recipientType ?? (spec.recipientId ? 'user' : 'site_broadcast')) === 'site_broadcast';
    const visibleAt = spec.visibleAt ?? { in: -3600 };
    const createdAt = spec.createdAt ?? { in: -3600 };
    return {
      text: `insert into notifications (notification_id, site_id, recipient_type, recipient_id, category, subcategory, severity,
               source_type, source_id, title, body, payload, action_url, read_at, visible_at, expires_at, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, ${timeSql(spec.readAt, 14)}, ${timeSql(visibleAt, 15)},
               ${timeSql(spec.expiresAt, 16)}, ${timeSql(createdAt, 17)}, now())
             returning notification_id`,
      params: [
        spec.id ?? crypto.randomUUID(),
        site.siteId,
        spec.recipientType ?? (broadcast ? 'site_broadcast' : 'user'),
        spec.recipientId ?? null,
        spec.category ?? 'system',
        spec.subcategory ?? 'general',
        spec.severity ?? 'info',
        spec.sourceType ?? null,
        spec.sourceId ?? null,
        spec.title ?? 'Title',
        spec.body ?? 'Body',
        spec.payload ?? '{}',
        spec.actionUrl ?? null,
        timeParam(spec.readAt),
        timeParam(visibleAt),
        timeParam(spec.expiresAt),
        timeParam(createdAt),
      ],
    };
  });
  const results = await ownerSql(site.siteId, statements);
  return results.map((rows) => rows[0]!.notification_id as string) as { -readonly [K in keyof T]: string };
}

/** A read receipt (a broadcast read by `user`). */
export async function insertReceipt(site: SiteFixture, notificationId: string, user: UserFixture): Promise<void> {
  await ownerQuery(site.siteId, `insert into notification_read_receipts (notification_id, user_id) values ($1, $2)`, [notificationId, user.userId]);
}

export async function receiptsOf(site: SiteFixture, user: UserFixture): Promise<string[]> {
  const rows = await ownerQuery(
    site.siteId,
    `select r.notification_id from notification_read_receipts r join notifications n using (notification_id)
     where r.user_id = $1 and n.site_id = $2 order by 1`,
    [user.userId, site.siteId],
  );
  return rows.map((r) => r.notification_id as string);
}

export async function readAtOf(site: SiteFixture, id: string): Promise<string | null> {
  const rows = await ownerQuery(site.siteId, `select read_at::text from notifications where notification_id = $1`, [id]);
  return (rows[0]?.read_at as string | null) ?? null;
}

/** A caller: one user on one site. */
export function as(user: UserFixture, site: SiteFixture) {
  const send = (path: string, options: CallOptions = {}) =>
    call(`/api/v1/notifications/${path}`, { site: site.code, token: user.token, ...options });
  return {
    get: (path = '', options: CallOptions = {}) => send(path, options),
    patch: (body: unknown, options: CallOptions = {}) => send('mark-read/', { method: 'PATCH', body, ...options }),
    async json<T = any>(path = '', options: CallOptions = {}): Promise<T> {
      const res = await send(path, options);
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as T;
    },
    async markRead(body: unknown): Promise<{ marked_count: number; personal_count: number; broadcast_count: number }> {
      const res = await send('mark-read/', { method: 'PATCH', body });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as any;
    },
  };
}

/** Ids of a page's results, in order. */
export const idsOf = (page: { results: { notification_id: string }[] }) => page.results.map((r) => r.notification_id);

export { roundTripsOf };
