-- adopt: rerun (idempotent; `npm run db:adopt` applies it to an existing POSX database too)
-- The expire-pending-orders job returns the units of cancelled pending orders to their tier
-- (as the original's release_inventory meant to): `sold_units` goes down and `available_units` is
-- recomputed as total − sold, as the original's Tier.save() does. posx_app may touch only these columns.
GRANT UPDATE (sold_units, available_units, version, updated_at) ON TABLE tiers TO posx_app;
