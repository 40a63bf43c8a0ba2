-- Every foreign key as the original has it (contract §a.0): DEFERRABLE INITIALLY DEFERRED,
-- no ON DELETE action. drizzle-kit cannot express deferrable constraints.
ALTER TABLE "chain_asset_configs" ALTER CONSTRAINT "chain_asset_configs_site_id_sites_site_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "users" ALTER CONSTRAINT "users_referrer_id_users_user_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "wallets" ALTER CONSTRAINT "wallets_user_id_users_user_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "allocations" ALTER CONSTRAINT "allocations_order_id_orders_order_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "order_items" ALTER CONSTRAINT "order_items_order_id_orders_order_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "order_items" ALTER CONSTRAINT "order_items_tier_id_tiers_tier_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "orders" ALTER CONSTRAINT "orders_buyer_id_users_user_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "orders" ALTER CONSTRAINT "orders_site_id_sites_site_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "orders" ALTER CONSTRAINT "orders_referrer_id_users_user_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "tiers" ALTER CONSTRAINT "tiers_site_id_sites_site_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "vesting_policies" ALTER CONSTRAINT "vesting_policies_site_id_sites_site_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "vesting_releases" ALTER CONSTRAINT "vesting_releases_schedule_id_vesting_schedules_schedule_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "vesting_schedules" ALTER CONSTRAINT "vesting_schedules_site_id_sites_site_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "vesting_schedules" ALTER CONSTRAINT "vesting_schedules_order_id_orders_order_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "vesting_schedules" ALTER CONSTRAINT "vesting_schedules_user_id_users_user_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "vesting_schedules" ALTER CONSTRAINT "vesting_schedules_allocation_id_allocations_allocation_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "vesting_schedules" ALTER CONSTRAINT "vesting_schedules_policy_id_vesting_policies_policy_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "notification_channel_tasks" ALTER CONSTRAINT "notification_channel_tasks_notification_id_fk" DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "notification_read_receipts" ALTER CONSTRAINT "notification_read_receipts_notification_id_fk" DEFERRABLE INITIALLY DEFERRED;
