-- adopt: rerun (idempotent; `npm run db:adopt` applies it to an existing POSX database too)
-- Explicit, minimal privileges of the three group roles. Each run first revokes everything these
-- roles hold on the POSX Edge tables, so the result is exactly this file whatever was there
-- before (an adopted database may carry the original's broader grants).
--
-- posx_app: what the API and the jobs do, each job running per site as posx_app.
--   No DELETE except idempotency_keys (cleanup job); never a change of an allocation's amount,
--   of any site_id, or of a notification other than its read time.
-- posx_admin: back-office reads across sites (through the *_admin_readonly policies) and
--   authoring notifications; writes still need the site context (site isolation policies).
-- posx_readonly: reads; RLS still applies, so only the site in app.current_site_id.
REVOKE ALL ON TABLE
  sites, chain_asset_configs, users, wallets, tiers, orders, order_items, allocations,
  vesting_policies, vesting_schedules, vesting_releases, notification_templates, notifications,
  notification_channel_tasks, notification_preferences, notification_read_receipts, idempotency_keys
FROM posx_app, posx_admin, posx_readonly;
--> statement-breakpoint
GRANT SELECT ON TABLE
  sites, chain_asset_configs, users, tiers, orders, order_items, allocations,
  vesting_policies, vesting_schedules, vesting_releases, notification_templates, notifications,
  notification_channel_tasks, notification_preferences, notification_read_receipts, idempotency_keys
TO posx_app;
--> statement-breakpoint
-- JIT provisioning upserts users on auth0_sub; broadcasts are marked read with a receipt.
GRANT INSERT ON TABLE users, notification_read_receipts TO posx_app;
--> statement-breakpoint
GRANT UPDATE (updated_at) ON TABLE users TO posx_app;
--> statement-breakpoint
GRANT UPDATE (read_at) ON TABLE notifications TO posx_app;
--> statement-breakpoint
-- Jobs: allocations and vesting rows for paid orders, release payout progress, order status,
-- notification delivery, and webhook/event idempotency records.
GRANT INSERT ON TABLE
  allocations, vesting_schedules, vesting_releases, notifications, notification_channel_tasks,
  idempotency_keys
TO posx_app;
--> statement-breakpoint
GRANT UPDATE (status, unlocked_at, released_at, tx_hash, fireblocks_tx_id, chain_amount, updated_at)
  ON TABLE vesting_releases TO posx_app;
--> statement-breakpoint
GRANT UPDATE (released_tokens, status, updated_at) ON TABLE allocations TO posx_app;
--> statement-breakpoint
GRANT UPDATE (status, updated_at) ON TABLE orders TO posx_app;
--> statement-breakpoint
GRANT UPDATE (status, sent_at, retry_count, last_error, next_retry_at, updated_at)
  ON TABLE notification_channel_tasks TO posx_app;
--> statement-breakpoint
GRANT DELETE ON TABLE idempotency_keys TO posx_app;
--> statement-breakpoint
DO $$
DECLARE seq text := pg_get_serial_sequence('public.idempotency_keys', 'key_id');
BEGIN
  IF seq IS NOT NULL THEN
    EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM posx_app, posx_admin, posx_readonly', seq);
    EXECUTE format('GRANT USAGE ON SEQUENCE %s TO posx_app', seq);
  END IF;
END
$$;
--> statement-breakpoint
GRANT SELECT ON TABLE
  sites, chain_asset_configs, users, wallets, tiers, orders, order_items, allocations,
  vesting_policies, vesting_schedules, vesting_releases, notification_templates, notifications,
  notification_channel_tasks, notification_preferences, notification_read_receipts, idempotency_keys
TO posx_admin, posx_readonly;
--> statement-breakpoint
GRANT INSERT, UPDATE ON TABLE notification_templates, notifications, notification_channel_tasks
TO posx_admin;
--> statement-breakpoint
-- The readiness check compares applied migrations with the bundled manifest.
GRANT USAGE ON SCHEMA drizzle TO posx_app, posx_admin, posx_readonly;
--> statement-breakpoint
GRANT SELECT ON TABLE drizzle.__drizzle_migrations TO posx_app, posx_admin, posx_readonly;
