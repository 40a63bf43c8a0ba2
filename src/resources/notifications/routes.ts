import { createRoute, z } from '@hono/zod-openapi';
import { jsonResponse } from '../../lib/openapi.ts';
import { apiErrorResponses, errorResponses, siteParameter } from '../../pipeline/errors/openapi.ts';
import { MAX_IDS, NOTHING_TO_MARK } from './mark-read-input.ts';

// ---------------------------------------------------------------------------------------------
// Field formats (contract §c.9)
// ---------------------------------------------------------------------------------------------

const Uuid = z.string().openapi({ format: 'uuid', example: '7c1e9b0a-3f41-4d2e-9a55-0b8f2c6d1e20' });
const DateTime = z.string().openapi({
  description: 'ISO-8601 UTC with `Z`; microseconds (6 digits) only when non-zero',
  example: '2025-11-10T10:00:00.123456Z',
});
const Severity = z.string().openapi({ description: '`info`, `warning`, `high` or `critical`', example: 'info' });
const RecipientType = z.enum(['user', 'agent', 'admin', 'site_broadcast']);

// ---------------------------------------------------------------------------------------------
// Request parts. Query parameters never fail validation: DRF ignores what it does not understand,
// and a repeated key counts with its LAST value (QueryDict.get).
// ---------------------------------------------------------------------------------------------

const lastValue = (description: string, example?: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v[v.length - 1]! : v))
    .optional()
    .openapi({ type: 'string', description, ...(example === undefined ? {} : { example }) });

const UNREAD = 'Only the exact string `true` keeps unread notifications only (`1`, `True`… are ignored)';

const FilterQuery = z.object({
  category: lastValue('Exact, case-sensitive category', 'order'),
  severity: lastValue('Exact severity; an unknown value matches nothing', 'warning'),
  unread: lastValue(UNREAD, 'true'),
});

const PageQuery = z.object({
  page: lastValue('Page number (1-based) or `last`; anything else beyond the pages is 404 `Invalid page.`', '1'),
  page_size: lastValue('Items per page, default 20, at most 100; invalid values mean 20', '20'),
});

const ListQuery = FilterQuery.extend({
  ordering: lastValue(
    'Comma-separated keys, `-` for descending: notification_id, category, severity, title, read_at, visible_at, ' +
      'created_at. Unknown keys are ignored; default `-visible_at,-created_at`.',
    '-created_at',
  ),
}).extend(PageQuery.shape);

const AnnouncementsQuery = z.object({ unread: lastValue(UNREAD, 'true') }).extend(PageQuery.shape);

const NotificationIdParam = z.object({
  notification_id: z.string().openapi({
    param: { name: 'notification_id', in: 'path' },
    format: 'uuid',
    description: 'A malformed id is 404, like an unknown one',
  }),
});

/** Documented only: the handler parses the body itself, with DRF's parsers and messages. */
const MarkReadBody = {
  type: 'object' as const,
  properties: {
    notification_ids: {
      type: 'array' as const,
      items: { type: 'string' as const, format: 'uuid' },
      maxItems: MAX_IDS,
      description: 'Ids to mark; ids that are unknown, not live, of another user or site are ignored',
    },
    mark_all: {
      type: 'boolean' as const,
      default: false,
      description: 'Mark every live notification of the caller on this site; `notification_ids` is then ignored',
    },
  },
  description: `\`notification_ids\` (non-empty) or \`mark_all: true\` is required: "${NOTHING_TO_MARK}"`,
  example: { notification_ids: ['7c1e9b0a-3f41-4d2e-9a55-0b8f2c6d1e20'], mark_all: false },
};

// ---------------------------------------------------------------------------------------------
// Response bodies (keys in contract order)
// ---------------------------------------------------------------------------------------------

export const NotificationListItem = z
  .object({
    notification_id: Uuid,
    category: z.string(),
    severity: Severity,
    title: z.string(),
    read_at: DateTime.nullable().openapi({ description: 'Read time of a personal notification; a broadcast shows its own (normally null)' }),
    is_read: z.boolean().openapi({ description: 'Broadcasts: whether the caller has a read receipt' }),
    visible_at: DateTime,
    created_at: DateTime,
  })
  .openapi('Notification');

export const NotificationDetail = z
  .object({
    notification_id: Uuid,
    recipient_type: RecipientType,
    category: z.string(),
    subcategory: z.string(),
    severity: Severity,
    source_type: z.string().nullable(),
    source_id: Uuid.nullable(),
    title: z.string(),
    body: z.string(),
    payload: z.unknown().openapi({ description: 'The stored JSON document as is (amounts as strings)', example: { amount: '100.00' } }),
    action_url: z.string().nullable(),
    read_at: DateTime.nullable(),
    is_read: z.boolean(),
    visible_at: DateTime,
    expires_at: DateTime.nullable(),
    created_at: DateTime,
  })
  .openapi('NotificationDetail');

const page = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      count: z.number().int(),
      next: z.string().nullable().openapi({ description: 'Absolute URL of the next page, or null' }),
      previous: z.string().nullable().openapi({ description: 'Absolute URL of the previous page, or null' }),
      results: z.array(item),
    })
    .openapi(name);

export const NotificationPage = page(NotificationListItem, 'PaginatedNotificationList');
export const AnnouncementPage = page(NotificationDetail, 'PaginatedAnnouncementList');

export const MarkReadResult = z
  .object({
    marked_count: z.number().int().openapi({ description: '`personal_count + broadcast_count`' }),
    personal_count: z.number().int().openapi({ description: 'Personal notifications that were unread and now are read' }),
    broadcast_count: z.number().int().openapi({ description: 'Read receipts created for broadcasts' }),
  })
  .openapi('MarkReadResult');

const Counts = z.record(z.string(), z.number().int());

export const UnreadCount = z
  .object({
    total: z.number().int(),
    by_category: Counts.openapi({ description: 'Only categories with unread notifications', example: { order: 2, system: 1 } }),
    by_severity: Counts.openapi({ description: 'Only severities with unread notifications', example: { info: 2, high: 1 } }),
  })
  .openapi('UnreadCount');

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

const common = {
  tags: ['notifications'],
  security: [{ bearerAuth: [] }],
};

export const listNotifications = createRoute({
  ...common,
  method: 'get',
  path: '/',
  summary: "The caller's notifications on this site",
  description:
    'Live notifications of the current site addressed to the caller or broadcast to the site, newest first, ' +
    'page-number pagination (contract §d.1).',
  parameters: [siteParameter],
  request: { query: ListQuery },
  responses: { 200: jsonResponse(NotificationPage, 'A page of notifications'), ...apiErrorResponses },
});

export const markRead = createRoute({
  ...common,
  method: 'patch',
  path: '/mark-read/',
  summary: 'Mark notifications read (bulk, idempotent)',
  description:
    'Personal notifications get `read_at`, broadcasts a read receipt of the caller. Ids that are unknown, of ' +
    'another user or site, or not live are ignored. A repeated call returns zeros (contract §d.3). JSON, ' +
    'form-encoded and multipart bodies are accepted.',
  parameters: [siteParameter],
  request: {
    body: {
      content: {
        'application/json': { schema: MarkReadBody },
        'application/x-www-form-urlencoded': { schema: MarkReadBody },
      },
    },
  },
  responses: { 200: jsonResponse(MarkReadResult, 'What was marked'), ...apiErrorResponses, ...errorResponses(415) },
});

export const getUnreadCount = createRoute({
  ...common,
  method: 'get',
  path: '/unread-count/',
  summary: "The caller's unread notifications on this site, counted",
  description:
    'Computed over every unread live notification of the caller (the list filters do not apply, §d.4). ' +
    'Send the last `ETag` as `If-None-Match`: an unchanged count answers 304 without a body.',
  parameters: [
    siteParameter,
    { name: 'If-None-Match', in: 'header', required: false, description: 'An `ETag` of an earlier answer', schema: { type: 'string' } },
  ],
  responses: {
    200: {
      ...jsonResponse(UnreadCount, 'Unread counts; only non-zero groups appear'),
      headers: {
        ETag: { description: 'Strong validator of this body', schema: { type: 'string' } },
        'Cache-Control': { description: '`private, no-cache`: revalidate every time', schema: { type: 'string' } },
      },
    },
    304: { description: 'Not modified since the `If-None-Match` ETag' },
    ...apiErrorResponses,
  },
});

export const listAnnouncements = createRoute({
  ...common,
  method: 'get',
  path: '/announcements/',
  summary: "The site's live broadcasts",
  description:
    'Broadcasts of the current site only, newest first, full detail shape, page-number pagination (contract §d.5). ' +
    'No category, severity or ordering parameters.',
  parameters: [siteParameter],
  request: { query: AnnouncementsQuery },
  responses: { 200: jsonResponse(AnnouncementPage, 'A page of announcements'), ...apiErrorResponses },
});

export const getNotification = createRoute({
  ...common,
  method: 'get',
  path: '/{notification_id}/',
  summary: 'One notification of the caller',
  description:
    'The list filters `category`, `severity` and `unread` apply here too: a mismatch is 404, as for an unknown id, ' +
    "another user's or another site's notification, one that is not live, or a malformed id (contract §d.2). " +
    'Viewing does not mark it read.',
  parameters: [siteParameter],
  request: { params: NotificationIdParam, query: FilterQuery },
  responses: { 200: jsonResponse(NotificationDetail, 'The notification'), ...apiErrorResponses },
});
