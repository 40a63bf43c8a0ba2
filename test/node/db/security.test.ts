// Roles, FORCE, grants, site isolation and site_id immutability on a migrated, seeded database,
// checked as the logins themselves (owner, runtime) over plain pg.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../../dev/db/seed.ts';
import { admin, asApp, createScratchDatabase, dropScratchDatabase, errorCode, SITE_SCOPED_TABLES, superuserUrl, withClient } from './support.ts';

const { NA, ASIA, EU } = DEMO.sites;

describe('database security', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let totals: Record<string, number>;
  beforeAll(async () => {
    db = await createScratchDatabase('security');
    await seedDemo(db.ownerUrl);
    totals = await withClient(superuserUrl(db.database), async (c) => {
      const out: Record<string, number> = {};
      for (const t of SITE_SCOPED_TABLES) out[t] = (await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
      return out;
    });
  });
  afterAll(async () => {
    if (db) await dropScratchDatabase(db.database);
  });
  const runtime = <T>(fn: (c: pg.Client) => Promise<T>) => withClient(db.runtimeUrl, fn);
  const owner = <T>(fn: (c: pg.Client) => Promise<T>) => withClient(db.ownerUrl, fn);

  it('seeds every site-scoped table, and a second seeding inserts nothing', async () => {
    for (const t of SITE_SCOPED_TABLES) expect(totals[t], t).toBeGreaterThan(0);
    const again = await seedDemo(db.ownerUrl);
    expect(Object.values(again.inserted).every((n) => n === 0)).toBe(true);
  });

  it('runtime login: NOSUPERUSER NOBYPASSRLS, member of posx_app only, cannot become posx_admin', async () => {
    const roles = await admin(async (c) =>
      (await c.query(`SELECT rolname, rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname IN ('posx_edge', 'posx_owner', 'posx_app', 'posx_admin', 'posx_readonly') ORDER BY 1`)).rows,
    );
    expect(roles).toEqual([
      { rolname: 'posx_admin', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      { rolname: 'posx_app', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      { rolname: 'posx_edge', rolsuper: false, rolbypassrls: false, rolcanlogin: true },
      { rolname: 'posx_owner', rolsuper: false, rolbypassrls: false, rolcanlogin: true },
      { rolname: 'posx_readonly', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
    ]);
    await runtime(async (c) => {
      const member = await c.query(`SELECT pg_has_role('posx_edge', 'posx_admin', 'MEMBER') AS admin, pg_has_role('posx_edge', 'posx_app', 'MEMBER') AS app`);
      expect(member.rows[0]).toEqual({ admin: false, app: true });
      expect(await errorCode(() => c.query('SET ROLE posx_admin'))).toBe('42501');
      expect(await errorCode(() => c.query(`SELECT set_config('role', 'posx_admin', false)`))).toBe('42501');
      expect(await errorCode(() => c.query('SET ROLE posx_owner'))).toBe('42501');
      // NOINHERIT: without the per-transaction role it has no table privileges at all.
      expect(await errorCode(() => c.query('SELECT 1 FROM notifications LIMIT 1'))).toBe('42501');
      // The readiness check reads the applied migrations as posx_app.
      const applied = await asApp(c, null, () => c.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations'));
      expect(applied.rows[0].n).toBeGreaterThan(0);
    });
  });

  it('ENABLE + FORCE row level security, with the contract policy names, on every site-scoped table', async () => {
    const rows = await owner(async (c) =>
      (await c.query(`SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relrowsecurity ORDER BY 1`)).rows,
    );
    expect(rows.map((r) => r.relname)).toEqual([...SITE_SCOPED_TABLES].sort());
    expect(rows.every((r) => r.relforcerowsecurity)).toBe(true);
    const policies = await owner(async (c) => (await c.query(`SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'`)).rows);
    for (const t of SITE_SCOPED_TABLES) {
      const names = policies.filter((p) => p.tablename === t).map((p) => p.policyname).sort();
      const expected = [`rls_${t}_admin_readonly`, `rls_${t}_site_isolation`];
      if (t === 'notification_templates') expected.splice(1, 0, `rls_${t}_global_read`);
      expect(names, t).toEqual(expected);
    }
  });

  it('FORCE: the owner connecting directly sees no site-scoped rows without the GUC', async () => {
    await owner(async (c) => {
      for (const t of SITE_SCOPED_TABLES) {
        expect((await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n, t).toBe(0);
      }
    });
  });

  it('posx_app with no site set: zero rows from every site-scoped table, no error', async () => {
    await runtime(async (c) => {
      for (const t of SITE_SCOPED_TABLES) {
        const n = await asApp(c, null, async () => (await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n);
        expect(n, t).toBe(0);
      }
    });
  });

  it('posx_app sees exactly its site: the per-site counts partition every table', async () => {
    await runtime(async (c) => {
      for (const t of SITE_SCOPED_TABLES) {
        const counts: number[] = [];
        for (const site of [NA, ASIA, EU]) {
          counts.push(await asApp(c, site, async () => (await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n));
        }
        expect(counts.reduce((s, n) => s + n, 0), t).toBe(totals[t]);
        expect(counts[0], `${t} on NA`).toBeGreaterThan(0);
        expect(counts[0], `${t} on NA`).toBeLessThan(totals[t]!);
      }
    });
  });

  it('grants: no DELETE of notifications, no change of amounts or titles; read_at is writable', async () => {
    await runtime(async (c) => {
      const code = (site: string, text: string) => asApp(c, site, () => errorCode(() => c.query(text)));
      expect(await code(NA, 'DELETE FROM notifications')).toBe('42501');
      expect(await code(NA, `UPDATE allocations SET token_amount = 1`)).toBe('42501');
      expect(await code(NA, `UPDATE notifications SET title = 'x'`)).toBe('42501');
      expect(await code(NA, `UPDATE orders SET site_id = '${ASIA}'`)).toBe('42501');
      expect(await code(NA, 'DELETE FROM idempotency_keys WHERE false')).toBeUndefined();
      const updated = await asApp(c, NA, async () => (await c.query(`UPDATE notifications SET read_at = now() WHERE read_at IS NULL AND recipient_type = 'user'`)).rowCount);
      expect(updated).toBeGreaterThan(0);
    });
  });

  it('cross-site writes are refused (42501), and so is a child attached to another site', async () => {
    await runtime(async (c) => {
      const code = (site: string, text: string, values: unknown[] = []) => asApp(c, site, () => errorCode(() => c.query(text, values)));
      expect(
        await code(ASIA, `INSERT INTO notifications (site_id, recipient_type, category, subcategory, severity, title, body, visible_at) VALUES ($1, 'site_broadcast', 'system', 'x', 'info', 't', 'b', now())`, [NA]),
      ).toBe('42501');
      const naBroadcast = await asApp(c, NA, async () =>
        (await c.query(`SELECT notification_id FROM notifications WHERE recipient_type = 'site_broadcast' LIMIT 1`)).rows[0].notification_id as string,
      );
      expect(await code(ASIA, `INSERT INTO notification_read_receipts (notification_id, user_id) VALUES ($1, $2)`, [naBroadcast, DEMO.users.carol])).toBe('42501');
      expect(await code(NA, `INSERT INTO notification_read_receipts (notification_id, user_id) VALUES ($1, $2)`, [naBroadcast, DEMO.users.carol])).toBeUndefined();
      // Updating another site's rows matches nothing (invisible), never an error.
      const touched = await asApp(c, ASIA, async () => (await c.query(`UPDATE notifications SET read_at = now() WHERE site_id = $1`, [NA])).rowCount);
      expect(touched).toBe(0);
    });
  });

  it('site_id cannot be changed on any table that has it (23514), even by the owner', async () => {
    const withSiteId = await owner(async (c) =>
      (await c.query(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'site_id' ORDER BY 1`)).rows.map((r) => r.table_name as string),
    );
    expect(withSiteId).toEqual(['chain_asset_configs', 'notification_preferences', 'notification_templates', 'notifications', 'orders', 'sites', 'tiers', 'vesting_policies', 'vesting_schedules']);
    const triggers = await owner(async (c) => (await c.query(`SELECT tgrelid::regclass::text AS t, tgname FROM pg_trigger WHERE NOT tgisinternal`)).rows);
    await owner(async (c) => {
      for (const table of withSiteId) {
        expect(triggers.find((t) => t.t === table)?.tgname, table).toBe(`prevent_site_change_${table}`);
        for (const target of [ASIA, null]) {
          await c.query('BEGIN');
          await c.query(`SELECT set_config('app.current_site_id', $1, true)`, [NA]);
          const code = await errorCode(() => c.query(`UPDATE ${table} SET site_id = $1 WHERE site_id = $2`, [target, NA]));
          await c.query('ROLLBACK');
          expect(code, `${table} → ${target}`).toBe('23514');
        }
      }
    });
  });
});
