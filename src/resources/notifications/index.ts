import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { validationHook } from '../../lib/validation.ts';
import { announcements } from './announcements.ts';
import { get } from './get.ts';
import { list } from './list.ts';
import { markRead } from './mark-read.ts';
import * as routes from './routes.ts';
import { unreadCount } from './unread-count.ts';

/**
 * Notifications API (contract §d.1–§d.5), mounted at /api/v1/notifications. The static routes
 * (`mark-read/`, `unread-count/`, `announcements/`) are registered before `{notification_id}/`, so
 * none of them is ever taken as an id (decision D2).
 */
export const notificationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.listNotifications, list)
  .openapi(routes.markRead, markRead)
  .openapi(routes.getUnreadCount, unreadCount)
  .openapi(routes.listAnnouncements, announcements)
  .openapi(routes.getNotification, get);
