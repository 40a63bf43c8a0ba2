import { formatDateTime } from '../../lib/datetime.ts';
import { jsonbToPythonJson } from '../../lib/drf/python-json.ts';
import { RawJson } from '../../lib/drf/render.ts';

/** CHECK chk_notifications_recipient_type. */
export type RecipientType = 'user' | 'agent' | 'admin' | 'site_broadcast';

/** A row of `listFields` (queries.ts); timestamps are Postgres text in UTC. */
export interface ListRow {
  notificationId: string;
  category: string;
  severity: string;
  title: string;
  readAt: string | null;
  isRead: boolean;
  visibleAt: string;
  createdAt: string;
}

/** A row of `detailFields` (queries.ts); `payload` is the jsonb as text. */
export interface DetailRow extends ListRow {
  recipientType: string;
  subcategory: string;
  sourceType: string | null;
  sourceId: string | null;
  body: string;
  payload: string;
  actionUrl: string | null;
  expiresAt: string | null;
}

/** The list item: exactly these 8 keys, in this order (contract §d.1). */
export function serializeListItem(row: ListRow) {
  return {
    notification_id: row.notificationId,
    category: row.category,
    severity: row.severity,
    title: row.title,
    read_at: formatDateTime(row.readAt),
    is_read: row.isRead,
    visible_at: formatDateTime(row.visibleAt),
    created_at: formatDateTime(row.createdAt),
  };
}

/**
 * The detail shape: exactly these 16 keys, in this order (contract §d.2), also the announcement
 * item (§d.5). A read broadcast shows `read_at` of its own row (normally null) with `is_read` true.
 */
export function serializeDetail(row: DetailRow) {
  return {
    notification_id: row.notificationId,
    recipient_type: row.recipientType as RecipientType, // guaranteed by the CHECK constraint
    category: row.category,
    subcategory: row.subcategory,
    severity: row.severity,
    source_type: row.sourceType,
    source_id: row.sourceId,
    title: row.title,
    body: row.body,
    payload: new RawJson(jsonbToPythonJson(row.payload)),
    action_url: row.actionUrl,
    read_at: formatDateTime(row.readAt),
    is_read: row.isRead,
    visible_at: formatDateTime(row.visibleAt),
    expires_at: formatDateTime(row.expiresAt),
    created_at: formatDateTime(row.createdAt),
  };
}
