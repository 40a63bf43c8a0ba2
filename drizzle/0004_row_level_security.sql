-- adopt: rerun (idempotent; `npm run db:adopt` applies it to an existing POSX database too)
-- Site isolation in the database itself (contract §b.5). Every site-scoped table is ENABLE + FORCE
-- (FORCE: the owner is filtered too), and its policies read the site GUC as
--   nullif(current_setting('app.current_site_id', true), '')::uuid
-- so an unset GUC (NULL, or '' on a reused connection) matches no row instead of raising: with
-- no site set every site-scoped query returns zero rows and every write is refused.
-- Policy names are the original's (contract §b.3), extended to the tables it left unprotected.
-- Tables without site_id are scoped through their parent row (EXISTS), in USING and WITH CHECK,
-- so a child can be neither read nor attached to a parent of another site. The parent lookup is
-- itself filtered by the parent's policy.
-- *_admin_readonly lets posx_admin (back office; the runtime login is never a member) read every
-- site. Policies are permissive and OR together: no other policy may exist on these tables.
-- Each policy is dropped and recreated, which replaces the original's same-named policies that
-- cast the GUC without nullif.
ALTER TABLE tiers ENABLE ROW LEVEL SECURITY;
ALTER TABLE tiers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_tiers_site_isolation ON tiers;
--> statement-breakpoint
CREATE POLICY rls_tiers_site_isolation ON tiers AS PERMISSIVE FOR ALL TO PUBLIC
  USING (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  WITH CHECK (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid);
--> statement-breakpoint
DROP POLICY IF EXISTS rls_tiers_admin_readonly ON tiers;
--> statement-breakpoint
CREATE POLICY rls_tiers_admin_readonly ON tiers AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_orders_site_isolation ON orders;
--> statement-breakpoint
CREATE POLICY rls_orders_site_isolation ON orders AS PERMISSIVE FOR ALL TO PUBLIC
  USING (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  WITH CHECK (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid);
--> statement-breakpoint
DROP POLICY IF EXISTS rls_orders_admin_readonly ON orders;
--> statement-breakpoint
CREATE POLICY rls_orders_admin_readonly ON orders AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE allocations ENABLE ROW LEVEL SECURITY;
ALTER TABLE allocations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_allocations_site_isolation ON allocations;
--> statement-breakpoint
CREATE POLICY rls_allocations_site_isolation ON allocations AS PERMISSIVE FOR ALL TO PUBLIC
  USING (EXISTS (SELECT 1 FROM orders o WHERE o.order_id = allocations.order_id AND o.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid))
  WITH CHECK (EXISTS (SELECT 1 FROM orders o WHERE o.order_id = allocations.order_id AND o.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid));
--> statement-breakpoint
DROP POLICY IF EXISTS rls_allocations_admin_readonly ON allocations;
--> statement-breakpoint
CREATE POLICY rls_allocations_admin_readonly ON allocations AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE chain_asset_configs ENABLE ROW LEVEL SECURITY;
ALTER TABLE chain_asset_configs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_chain_asset_configs_site_isolation ON chain_asset_configs;
--> statement-breakpoint
CREATE POLICY rls_chain_asset_configs_site_isolation ON chain_asset_configs AS PERMISSIVE FOR ALL TO PUBLIC
  USING (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  WITH CHECK (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid);
--> statement-breakpoint
DROP POLICY IF EXISTS rls_chain_asset_configs_admin_readonly ON chain_asset_configs;
--> statement-breakpoint
CREATE POLICY rls_chain_asset_configs_admin_readonly ON chain_asset_configs AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE vesting_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE vesting_policies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_vesting_policies_site_isolation ON vesting_policies;
--> statement-breakpoint
CREATE POLICY rls_vesting_policies_site_isolation ON vesting_policies AS PERMISSIVE FOR ALL TO PUBLIC
  USING (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  WITH CHECK (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid);
--> statement-breakpoint
DROP POLICY IF EXISTS rls_vesting_policies_admin_readonly ON vesting_policies;
--> statement-breakpoint
CREATE POLICY rls_vesting_policies_admin_readonly ON vesting_policies AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE vesting_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE vesting_schedules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_vesting_schedules_site_isolation ON vesting_schedules;
--> statement-breakpoint
CREATE POLICY rls_vesting_schedules_site_isolation ON vesting_schedules AS PERMISSIVE FOR ALL TO PUBLIC
  USING (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  WITH CHECK (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid);
--> statement-breakpoint
DROP POLICY IF EXISTS rls_vesting_schedules_admin_readonly ON vesting_schedules;
--> statement-breakpoint
CREATE POLICY rls_vesting_schedules_admin_readonly ON vesting_schedules AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE vesting_releases ENABLE ROW LEVEL SECURITY;
ALTER TABLE vesting_releases FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_vesting_releases_site_isolation ON vesting_releases;
--> statement-breakpoint
CREATE POLICY rls_vesting_releases_site_isolation ON vesting_releases AS PERMISSIVE FOR ALL TO PUBLIC
  USING (EXISTS (SELECT 1 FROM vesting_schedules s WHERE s.schedule_id = vesting_releases.schedule_id AND s.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid))
  WITH CHECK (EXISTS (SELECT 1 FROM vesting_schedules s WHERE s.schedule_id = vesting_releases.schedule_id AND s.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid));
--> statement-breakpoint
DROP POLICY IF EXISTS rls_vesting_releases_admin_readonly ON vesting_releases;
--> statement-breakpoint
CREATE POLICY rls_vesting_releases_admin_readonly ON vesting_releases AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE notification_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_templates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notification_templates_site_isolation ON notification_templates;
--> statement-breakpoint
-- Writes only to the current site's own templates.
CREATE POLICY rls_notification_templates_site_isolation ON notification_templates AS PERMISSIVE FOR ALL TO PUBLIC
  USING (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  WITH CHECK (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid);
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notification_templates_global_read ON notification_templates;
--> statement-breakpoint
-- Global templates (site_id NULL) are readable from any site, but not without a site.
CREATE POLICY rls_notification_templates_global_read ON notification_templates AS PERMISSIVE FOR SELECT TO PUBLIC
  USING (site_id IS NULL AND nullif(current_setting('app.current_site_id', true), '')::uuid IS NOT NULL);
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notification_templates_admin_readonly ON notification_templates;
--> statement-breakpoint
CREATE POLICY rls_notification_templates_admin_readonly ON notification_templates AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notifications_site_isolation ON notifications;
--> statement-breakpoint
CREATE POLICY rls_notifications_site_isolation ON notifications AS PERMISSIVE FOR ALL TO PUBLIC
  USING (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  WITH CHECK (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid);
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notifications_admin_readonly ON notifications;
--> statement-breakpoint
CREATE POLICY rls_notifications_admin_readonly ON notifications AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE notification_channel_tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_channel_tasks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notification_channel_tasks_site_isolation ON notification_channel_tasks;
--> statement-breakpoint
CREATE POLICY rls_notification_channel_tasks_site_isolation ON notification_channel_tasks AS PERMISSIVE FOR ALL TO PUBLIC
  USING (EXISTS (SELECT 1 FROM notifications n WHERE n.notification_id = notification_channel_tasks.notification_id AND n.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid))
  WITH CHECK (EXISTS (SELECT 1 FROM notifications n WHERE n.notification_id = notification_channel_tasks.notification_id AND n.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid));
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notification_channel_tasks_admin_readonly ON notification_channel_tasks;
--> statement-breakpoint
CREATE POLICY rls_notification_channel_tasks_admin_readonly ON notification_channel_tasks AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_preferences FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notification_preferences_site_isolation ON notification_preferences;
--> statement-breakpoint
CREATE POLICY rls_notification_preferences_site_isolation ON notification_preferences AS PERMISSIVE FOR ALL TO PUBLIC
  USING (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  WITH CHECK (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid);
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notification_preferences_admin_readonly ON notification_preferences;
--> statement-breakpoint
CREATE POLICY rls_notification_preferences_admin_readonly ON notification_preferences AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
ALTER TABLE notification_read_receipts ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_read_receipts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notification_read_receipts_site_isolation ON notification_read_receipts;
--> statement-breakpoint
CREATE POLICY rls_notification_read_receipts_site_isolation ON notification_read_receipts AS PERMISSIVE FOR ALL TO PUBLIC
  USING (EXISTS (SELECT 1 FROM notifications n WHERE n.notification_id = notification_read_receipts.notification_id AND n.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid))
  WITH CHECK (EXISTS (SELECT 1 FROM notifications n WHERE n.notification_id = notification_read_receipts.notification_id AND n.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid));
--> statement-breakpoint
DROP POLICY IF EXISTS rls_notification_read_receipts_admin_readonly ON notification_read_receipts;
--> statement-breakpoint
CREATE POLICY rls_notification_read_receipts_admin_readonly ON notification_read_receipts AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
