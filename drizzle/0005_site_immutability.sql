-- adopt: rerun (idempotent; `npm run db:adopt` applies it to an existing POSX database too)
-- A row never moves to another site: every table with a site_id column refuses to change it.
-- Unlike the original (`!=`), IS DISTINCT FROM also catches changes to or from NULL
-- (notification_templates.site_id is nullable). SQLSTATE 23514 (check_violation), as the RLS spec
-- intended. Trigger names are the original's: prevent_site_change_<table>.
CREATE OR REPLACE FUNCTION forbid_site_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.site_id IS DISTINCT FROM OLD.site_id THEN
    RAISE EXCEPTION 'site_id cannot be changed after creation (table %)', TG_TABLE_NAME
      USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER prevent_site_change_sites BEFORE UPDATE ON sites
  FOR EACH ROW EXECUTE FUNCTION forbid_site_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER prevent_site_change_chain_asset_configs BEFORE UPDATE ON chain_asset_configs
  FOR EACH ROW EXECUTE FUNCTION forbid_site_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER prevent_site_change_tiers BEFORE UPDATE ON tiers
  FOR EACH ROW EXECUTE FUNCTION forbid_site_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER prevent_site_change_orders BEFORE UPDATE ON orders
  FOR EACH ROW EXECUTE FUNCTION forbid_site_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER prevent_site_change_vesting_policies BEFORE UPDATE ON vesting_policies
  FOR EACH ROW EXECUTE FUNCTION forbid_site_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER prevent_site_change_vesting_schedules BEFORE UPDATE ON vesting_schedules
  FOR EACH ROW EXECUTE FUNCTION forbid_site_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER prevent_site_change_notification_templates BEFORE UPDATE ON notification_templates
  FOR EACH ROW EXECUTE FUNCTION forbid_site_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER prevent_site_change_notifications BEFORE UPDATE ON notifications
  FOR EACH ROW EXECUTE FUNCTION forbid_site_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER prevent_site_change_notification_preferences BEFORE UPDATE ON notification_preferences
  FOR EACH ROW EXECUTE FUNCTION forbid_site_change();
