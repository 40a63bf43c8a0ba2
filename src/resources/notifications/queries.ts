import { and, asc, desc, eq, isNull, not, or, sql, type SQL } from 'drizzle-orm';
import { notificationReadReceipts as receipts, notifications as n } from '../../db/schema/notifications.ts';
import { currentUserId } from '../../db/tx.ts';

/*
 * The notification predicates of contract §d.0, written once. "me" is the user the principal
 * statement put in `app.current_user_id` (unknown before the round trip); "now" is Postgres's
 * now(), the transaction's start: one instant per request. Every query states the site
 * explicitly as well as through RLS (decision D4).
 */

/** in_site(n). */
export const inSite = (siteId: string): SQL => eq(n.siteId, siteId);

/** live(n): `visible_at == now` is visible, `expires_at == now` is already expired. */
export const live: SQL = and(sql`${n.visibleAt} <= now()`, or(isNull(n.expiresAt), sql`${n.expiresAt} > now()`))!;

/** personal(n): addressed to me, whatever the recipient type. */
export const personal: SQL = eq(n.recipientId, currentUserId);

/**
 * broadcast(n). `recipient_id IS NULL` always holds for a broadcast (CHECK
 * chk_notifications_broadcast_recipient); stating it lets `mine` use one index,
 * (site_id, recipient_id, read_at), for both halves of its OR.
 */
export const broadcast: SQL = and(eq(n.recipientType, 'site_broadcast'), isNull(n.recipientId))!;

/** receipt(n, me): my read receipt of a broadcast. */
export const hasReceipt: SQL = sql`exists (select 1 from ${receipts} where ${receipts.notificationId} = ${n.notificationId} and ${receipts.userId} = ${currentUserId})`;

/** is_read(n, me): a broadcast by my receipt (its own read_at is never mine), else read_at. */
export const isRead = sql<boolean>`case when ${n.recipientType} = 'site_broadcast' then ${hasReceipt} else ${n.readAt} is not null end`;

/** Unread for me, given mine(n). */
export const unreadByMe: SQL = or(and(personal, isNull(n.readAt)), and(broadcast, not(hasReceipt)))!;

/** mine(n): this site, live, personal or broadcast. */
export const mine = (siteId: string): SQL => and(inSite(siteId), live, or(personal, broadcast))!;

/** unread(n, me) = mine(n) and not read by me. */
export const unread = (siteId: string): SQL => and(inSite(siteId), live, unreadByMe)!;

/** The site's live broadcasts (announcements, §d.5). */
export const liveBroadcasts = (siteId: string): SQL => and(inSite(siteId), live, broadcast)!;

// ---------------------------------------------------------------------------------------------
// Filters and order
// ---------------------------------------------------------------------------------------------

/** The list filters (§d.1), honoured by the detail lookup too (§d.2). */
export interface ListFilters {
  category?: string | undefined;
  severity?: string | undefined;
  /** Only the exact string `true` turns the filter on. */
  unread?: string | undefined;
}

/** Filter predicates; an empty `category`/`severity` filters nothing (the view tests truthiness). */
export function filterPredicates(filters: ListFilters): SQL[] {
  const out: SQL[] = [];
  if (filters.category) out.push(eq(n.category, filters.category));
  if (filters.severity) out.push(eq(n.severity, filters.severity));
  if (filters.unread === 'true') out.push(unreadByMe);
  return out;
}

/** `?ordering=` keys (§c.8): the model fields of the list serializer. */
export const ORDERING_KEYS = {
  notification_id: n.notificationId,
  category: n.category,
  severity: n.severity,
  title: n.title,
  read_at: n.readAt,
  visible_at: n.visibleAt,
  created_at: n.createdAt,
};

/** A final key so pages never overlap or skip rows that tie (harmless, §d.0). */
export const TIE_BREAKER = desc(n.notificationId);

/** Default order (§d.0): newest publication first. */
export const DEFAULT_ORDER = [desc(n.visibleAt), desc(n.createdAt), TIE_BREAKER];

/** Ascending, for the deterministic lock order of mark-read. */
export const BY_ID = asc(n.notificationId);

// ---------------------------------------------------------------------------------------------
// Selections (columns only; the serializers give them the contract's keys and formats)
// ---------------------------------------------------------------------------------------------

export const listFields = {
  notificationId: n.notificationId,
  category: n.category,
  severity: n.severity,
  title: n.title,
  readAt: n.readAt,
  isRead,
  visibleAt: n.visibleAt,
  createdAt: n.createdAt,
};

export const detailFields = {
  notificationId: n.notificationId,
  recipientType: n.recipientType,
  category: n.category,
  subcategory: n.subcategory,
  severity: n.severity,
  sourceType: n.sourceType,
  sourceId: n.sourceId,
  title: n.title,
  body: n.body,
  // As text: the stored document is re-rendered as the original writes it (lib/drf/python-json.ts).
  payload: sql<string>`${n.payload}::text`,
  actionUrl: n.actionUrl,
  readAt: n.readAt,
  isRead,
  visibleAt: n.visibleAt,
  expiresAt: n.expiresAt,
  createdAt: n.createdAt,
};
