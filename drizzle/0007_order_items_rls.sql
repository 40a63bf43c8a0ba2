-- adopt: rerun (idempotent; `npm run db:adopt` applies it to an existing POSX database too)
-- Two gaps left by 0004_row_level_security (same conventions as there: ENABLE + FORCE, the GUC read
-- as nullif(current_setting('app.current_site_id', true), '')::uuid, policies dropped and recreated).
--
-- 1. order_items has no site_id and was under no policy, so posx_app read every site's items (the
--    original has none either, contract §a.4). It is scoped through its order, in USING and WITH
--    CHECK, like allocations: an item can be neither read nor attached to another site's order.
ALTER TABLE order_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE order_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS rls_order_items_site_isolation ON order_items;
--> statement-breakpoint
CREATE POLICY rls_order_items_site_isolation ON order_items AS PERMISSIVE FOR ALL TO PUBLIC
  USING (EXISTS (SELECT 1 FROM orders o WHERE o.order_id = order_items.order_id AND o.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid))
  WITH CHECK (EXISTS (SELECT 1 FROM orders o WHERE o.order_id = order_items.order_id AND o.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid));
--> statement-breakpoint
DROP POLICY IF EXISTS rls_order_items_admin_readonly ON order_items;
--> statement-breakpoint
CREATE POLICY rls_order_items_admin_readonly ON order_items AS PERMISSIVE FOR SELECT TO posx_admin
  USING (true);
--> statement-breakpoint
-- 2. vesting_schedules carries its own site_id, and WITH CHECK only compared that one: from site A a
--    schedule of site A could point at an order of site B (foreign key checks ignore RLS). Writes
--    now also need the order to belong to the current site; reads are unchanged (same name, so
--    0004's version is replaced, also when adoption re-runs both in order).
DROP POLICY IF EXISTS rls_vesting_schedules_site_isolation ON vesting_schedules;
--> statement-breakpoint
CREATE POLICY rls_vesting_schedules_site_isolation ON vesting_schedules AS PERMISSIVE FOR ALL TO PUBLIC
  USING (site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  WITH CHECK (
    site_id = nullif(current_setting('app.current_site_id', true), '')::uuid
    AND EXISTS (SELECT 1 FROM orders o WHERE o.order_id = vesting_schedules.order_id AND o.site_id = nullif(current_setting('app.current_site_id', true), '')::uuid)
  );
