/** Every table under row-level security (site-scoped directly or through a parent row). */
export const SITE_SCOPED_TABLES = [
  'orders',
  'order_items',
  'tiers',
  'allocations',
  'vesting_policies',
  'vesting_schedules',
  'vesting_releases',
  'chain_asset_configs',
  'notification_templates',
  'notifications',
  'notification_channel_tasks',
  'notification_preferences',
  'notification_read_receipts',
] as const;
