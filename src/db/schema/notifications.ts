// Notification tables (contract §a.7). All under RLS: templates, notifications and preferences
// by site_id (templates with site_id NULL are global, readable from any site); channel tasks and
// read receipts through their notification. site_id / recipient_id / user_id have no FK upstream.
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, text, time, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';

export const notificationTemplates = pgTable(
  'notification_templates',
  {
    templateId: uuid('template_id').primaryKey().default(sql`gen_random_uuid()`),
    // NULL = global template; a value = per-site override.
    siteId: uuid('site_id'),
    parentTemplateId: uuid('parent_template_id'),
    name: varchar('name', { length: 100 }).notNull(),
    category: varchar('category', { length: 50 }).notNull(),
    subcategory: varchar('subcategory', { length: 50 }).notNull(),
    language: varchar('language', { length: 10 }).notNull().default('en'),
    titleTemplate: text('title_template').notNull(),
    bodyTemplate: text('body_template').notNull(),
    channels: jsonb('channels').notNull().default(sql`'[]'::jsonb`),
    channelConfigs: jsonb('channel_configs').notNull().default(sql`'{}'::jsonb`),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    unique('uq_notification_template_site_name').on(t.siteId, t.name),
    index('notificatio_site_id_64cad4_idx').on(t.siteId, t.isActive),
    index('notificatio_categor_ac58fe_idx').on(t.category, t.subcategory),
    index('notificatio_name_e9d3f2_idx').on(t.name, t.language),
    index('notification_templates_is_active_idx').on(t.isActive),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    notificationId: uuid('notification_id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id').notNull(),
    // user | agent | admin | site_broadcast
    recipientType: varchar('recipient_type', { length: 20 }).notNull(),
    // NULL for broadcasts.
    recipientId: uuid('recipient_id'),
    category: varchar('category', { length: 50 }).notNull(),
    subcategory: varchar('subcategory', { length: 50 }).notNull(),
    // info | warning | high | critical
    severity: varchar('severity', { length: 20 }).notNull(),
    sourceType: varchar('source_type', { length: 50 }),
    sourceId: uuid('source_id'),
    title: varchar('title', { length: 255 }).notNull(),
    body: text('body').notNull(),
    // Raw data; amounts as strings.
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    actionUrl: varchar('action_url', { length: 500 }),
    // Read time of personal notifications only; broadcasts use read receipts.
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }),
    // Publish time: required, deliberately no default.
    visibleAt: timestamp('visible_at', { withTimezone: true, mode: 'string' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'chk_notifications_recipient_type',
      sql`recipient_type IN ('user', 'agent', 'admin', 'site_broadcast')`,
    ),
    check('chk_notifications_severity', sql`severity IN ('info', 'warning', 'high', 'critical')`),
    check(
      'chk_notifications_broadcast_recipient',
      sql`NOT (recipient_type = 'site_broadcast' AND recipient_id IS NOT NULL)`,
    ),
    index('notificatio_site_id_7a3c91_idx').on(t.siteId, t.recipientId, t.readAt),
    index('notificatio_site_id_b7d24e_idx').on(t.siteId, t.visibleAt),
    index('notificatio_source__6aa74a_idx').on(t.sourceType, t.sourceId),
    index('notificatio_severit_f1c45b_idx').on(t.severity, t.createdAt),
    index('notificatio_recipie_e9c723_idx').on(t.recipientType, t.createdAt),
    index('notifications_recipient_id_idx').on(t.recipientId),
    index('notifications_category_idx').on(t.category),
    index('notifications_source_id_idx').on(t.sourceId),
    index('notifications_read_at_idx').on(t.readAt),
    index('notifications_visible_at_idx').on(t.visibleAt),
    index('notifications_created_at_idx').on(t.createdAt),
  ],
);

export const notificationChannelTasks = pgTable(
  'notification_channel_tasks',
  {
    taskId: uuid('task_id').primaryKey().default(sql`gen_random_uuid()`),
    notificationId: uuid('notification_id').notNull(),
    // in_app | email | slack | webhook
    channel: varchar('channel', { length: 20 }).notNull(),
    // Email address, Slack channel or webhook URL.
    target: varchar('target', { length: 255 }).notNull(),
    // pending | sent | failed
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'string' }),
    retryCount: integer('retry_count').notNull().default(0),
    lastError: text('last_error'),
    nextRetryAt: timestamp('next_retry_at', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    // Named explicitly: the default name would exceed Postgres's 63-character identifier limit.
    foreignKey({
      name: 'notification_channel_tasks_notification_id_fk',
      columns: [t.notificationId],
      foreignColumns: [notifications.notificationId],
    }),
    check('chk_channel_tasks_channel', sql`channel IN ('in_app', 'email', 'slack', 'webhook')`),
    check('chk_channel_tasks_status', sql`status IN ('pending', 'sent', 'failed')`),
    index('notificatio_notific_5f7218_idx').on(t.notificationId),
    index('notificatio_status_c8de4f_idx').on(t.status, t.nextRetryAt),
    index('notificatio_channel_3cd94e_idx').on(t.channel, t.status),
    index('notification_channel_tasks_next_retry_at_idx').on(t.nextRetryAt),
  ],
);

export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    preferenceId: uuid('preference_id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id').notNull(),
    userId: uuid('user_id').notNull(),
    channel: varchar('channel', { length: 20 }).notNull(),
    category: varchar('category', { length: 50 }).notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    // Plain times without zone (presumably UTC); the window may wrap midnight.
    quietHoursStart: time('quiet_hours_start'),
    quietHoursEnd: time('quiet_hours_end'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    unique('uq_notification_preference').on(t.siteId, t.userId, t.channel, t.category),
    index('notificatio_site_id_3a9e74_idx').on(t.siteId, t.userId),
    index('notificatio_user_id_7dcb19_idx').on(t.userId, t.channel),
  ],
);

// Per-user read state of site broadcasts.
export const notificationReadReceipts = pgTable(
  'notification_read_receipts',
  {
    receiptId: uuid('receipt_id').primaryKey().default(sql`gen_random_uuid()`),
    notificationId: uuid('notification_id').notNull(),
    userId: uuid('user_id').notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'notification_read_receipts_notification_id_fk',
      columns: [t.notificationId],
      foreignColumns: [notifications.notificationId],
    }),
    unique('uq_notification_read_receipt').on(t.notificationId, t.userId),
    index('notificatio_notific_c1f872_idx').on(t.notificationId, t.userId),
    index('notificatio_user_id_1e9ab3_idx').on(t.userId, t.readAt),
  ],
);

export type NotificationTemplate = typeof notificationTemplates.$inferSelect;
export type NewNotificationTemplate = typeof notificationTemplates.$inferInsert;
export type Notification = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;
export type NotificationChannelTask = typeof notificationChannelTasks.$inferSelect;
export type NewNotificationChannelTask = typeof notificationChannelTasks.$inferInsert;
export type NotificationPreference = typeof notificationPreferences.$inferSelect;
export type NewNotificationPreference = typeof notificationPreferences.$inferInsert;
export type NotificationReadReceipt = typeof notificationReadReceipts.$inferSelect;
export type NewNotificationReadReceipt = typeof notificationReadReceipts.$inferInsert;
