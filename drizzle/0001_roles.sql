-- adopt: rerun (idempotent; `npm run db:adopt` applies it to an existing POSX database too)
-- The original's three NOLOGIN group roles (contract §b.2). Roles are cluster-wide, so each is
-- created only when missing; creating one needs CREATEROLE, which the local migration owner lacks
-- on purpose (dev/db/roles.ts creates the roles first as the admin) and Neon's owner has.
-- Unlike the original, nobody is granted membership here: the runtime login joins posx_app
-- only (dev/db/roles.ts, or the operator SQL in dev/db/README.md), never posx_admin.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'posx_app') THEN
    CREATE ROLE posx_app NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'posx_admin') THEN
    CREATE ROLE posx_admin NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'posx_readonly') THEN
    CREATE ROLE posx_readonly NOLOGIN;
  END IF;
END
$$;
