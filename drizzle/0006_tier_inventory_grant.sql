-- adopt: rerun (idempotent; `npm run db:adopt` applies it to an existing POSX database too)
-- The expire-pending-orders job returns the units of cancelled pending orders to their tier
-- (as the original's release_inventory meant to); posx_app may touch only the inventory columns.
GRANT UPDATE (available_units, version, updated_at) ON TABLE tiers TO posx_app;
