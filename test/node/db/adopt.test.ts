// Adoption of a database the way the original's migrations left it (fixtures/original-posx.sql):
// differences are reported, data is untouched, isolation then works for the runtime login, the
// baseline makes db:migrate a no-op, and a second adoption changes nothing. The Django login here
// is a per-test role (roles are cluster-wide); adopt-posx-app.test.ts covers a posx_app that
// escapes RLS, on a cluster of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptDatabase, catalogFingerprint, expectedTables, type AdoptReport } from '../../../dev/db/adopt.ts';
import { migrate } from '../../../dev/db/migrate.ts';
import { ensureRoles, localPasswords } from '../../../dev/db/roles.ts';
import { admin, asApp, dataDigest as digestOf, dropScratchDatabase, errorCode, fixture, scratchName, SITE_SCOPED_TABLES, superuserUrl, urlFor, withClient } from './support.ts';

const NA = '550e8400-e29b-41d4-a716-446655440000';
const ASIA = '550e8400-e29b-41d4-a716-446655440001';
const tables = expectedTables().map((t) => t.name);
const dataDigest = (database: string) => digestOf(superuserUrl(database));

describe('adoption of an original POSX database', () => {
  const database = scratchName('adopt');
  // The original's migration user: owns the tables, a member of posx_admin (contract §b.2).
  const django = `${database}_django`;
  const djangoUrl = urlFor(django, database, 'dm-local');
  let digestBefore: Record<string, string>;
  let underLock: unknown;
  let dryRun: AdoptReport;
  let report: AdoptReport;
  const lines: string[] = [];

  beforeAll(async () => {
    await admin(async (c) => {
      await ensureRoles(c);
      await c.query(`CREATE ROLE ${django} LOGIN NOSUPERUSER PASSWORD 'dm-local'`);
      await c.query(`GRANT posx_admin TO ${django}`);
      await c.query(`CREATE DATABASE ${database} OWNER ${django}`);
    });
    await withClient(djangoUrl, (c) => c.query(fixture('original-posx.sql')));
    await withClient(superuserUrl(database), (c) => c.query(fixture('original-posx-data.sql')));
    digestBefore = await dataDigest(database);
    // A running backend's open transaction on orders: adoption must give up, not queue behind it.
    await withClient(superuserUrl(database), async (c) => {
      await c.query(`BEGIN; LOCK TABLE orders IN ROW EXCLUSIVE MODE`);
      underLock = await adoptDatabase(djangoUrl, { log: () => {}, lockTimeoutSeconds: 1 }).catch((e: unknown) => e);
      await c.query('ROLLBACK');
    });
    dryRun = await adoptDatabase(djangoUrl, { dryRun: true, log: () => {} });
    report = await adoptDatabase(djangoUrl, { log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await dropScratchDatabase(database);
    await admin((c) => c.query(`DROP ROLE IF EXISTS ${django}`));
  });

  it('gives up on a table a running backend holds, changing nothing (and then adopts)', () => {
    expect(String(underLock)).toMatch(/adoption gave up waiting 1 s for a table lock .* nothing was changed/);
    expect(report.changes.length).toBeGreaterThan(0); // the adoption after it found everything still to do
  });

  it('reports the differences plainly and is not blocked by them', () => {
    expect(report.blocked).toBe(false);
    const messages = report.differences.map((d) => `${d.level} ${d.message}`);
    expect(messages).toContain(
      "info unique (idempotency_key) is missing (orders_idempotency_key_key): the original's migration orders.0003 dropped it on purpose; not added: POSX Edge never writes orders.idempotency_key, and the Django backend's inserts may rely on its absence",
    );
    expect(messages).toContain(
      "info no SQL defaults (the original keeps them in Python); these will be added: notification_id (gen_random_uuid()), payload ('{}'::jsonb), created_at (now()), updated_at (now())",
    );
    expect(messages).toContain('info index on (next_retry_at) is missing; notification_channel_tasks_next_retry_at_idx will be added');
    expect(messages.some((m) => m.startsWith(`warning ${django} is a member of posx_admin`))).toBe(true);
    expect(report.differences.filter((d) => d.level === 'blocking')).toEqual([]);
    expect(report.changes.filter((c) => c.includes('orders_idempotency_key_key'))).toEqual([]);
    expect(lines.at(-1)).toMatch(/^adoption: \d+ change\(s\)$/);
  });

  it("warns that the Django login (owner, under RLS) would stop writing, with the SQL that keeps it running", () => {
    const writers = report.differences.filter((d) => d.message.startsWith(`${django} can write `));
    expect(writers).toHaveLength(1);
    expect(writers[0]!.level).toBe('warning');
    expect(writers[0]!.message).toContain(`${[...SITE_SCOPED_TABLES].sort().join(', ')} (it owns them) and is neither superuser nor BYPASSRLS`);
    expect(writers[0]!.fix).toEqual([`ALTER ROLE ${django} BYPASSRLS;`, `-- once the Django backend is retired: ALTER ROLE ${django} NOBYPASSRLS;`]);
    expect(lines).toContain(`         ALTER ROLE ${django} BYPASSRLS;`);
    // POSX Edge's own logins are never named.
    expect(report.differences.some((d) => /^posx_(edge|owner|app|admin|readonly) can write /.test(d.message))).toBe(false);
  });

  it('leaves the unique constraint the original dropped out (orders.idempotency_key stays non-unique)', async () => {
    const found = await withClient(djangoUrl, async (c) =>
      (await c.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'u' ORDER BY 1`)).rows.map((r) => r.conname),
    );
    expect(found).toEqual(['orders_stripe_payment_intent_id_key']);
  });

  it('a dry run reports the same changes and leaves the database as it was', () => {
    expect(dryRun.changes).toEqual(report.changes);
  });

  it('does not touch data', async () => {
    expect(await dataDigest(database)).toEqual(digestBefore);
  });

  it('adds FORCE RLS, the POSX Edge policies, triggers and defaults', async () => {
    await withClient(djangoUrl, async (c) => {
      const rls = (await c.query(`SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relrowsecurity AND relforcerowsecurity ORDER BY 1`)).rows.map((r) => r.relname);
      expect(rls).toEqual([...SITE_SCOPED_TABLES].sort());
      const qual = (await c.query(`SELECT qual FROM pg_policies WHERE policyname = 'rls_notifications_site_isolation'`)).rows[0].qual;
      expect(qual).toContain('NULLIF');
      const check = (await c.query(`SELECT with_check FROM pg_policies WHERE policyname = 'rls_notification_read_receipts_site_isolation'`)).rows[0].with_check;
      expect(check).toContain('EXISTS');
      const policies = (await c.query(`SELECT policyname FROM pg_policies WHERE tablename = 'order_items' ORDER BY 1`)).rows.map((r) => r.policyname);
      expect(policies).toEqual(['rls_order_items_admin_readonly', 'rls_order_items_site_isolation']);
      const schedules = (await c.query(`SELECT with_check FROM pg_policies WHERE policyname = 'rls_vesting_schedules_site_isolation'`)).rows[0].with_check;
      expect(schedules).toMatch(/AND \(EXISTS \( SELECT 1\s+FROM orders o/);
      const triggers = (await c.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`)).rows.map((r) => r.tgname);
      expect(triggers).toContain('prevent_site_change_notifications');
      expect(triggers).toContain('prevent_site_change_orders');
    });
  });

  it('isolates sites for the runtime login afterwards', async () => {
    await withClient(urlFor('posx_edge', database, localPasswords().runtime), async (c) => {
      for (const t of SITE_SCOPED_TABLES) {
        expect(await asApp(c, null, async () => (await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n), `${t} without site`).toBe(0);
      }
      const titles = await asApp(c, NA, async () => (await c.query(`SELECT title FROM notifications WHERE recipient_type = 'site_broadcast'`)).rows.map((r) => r.title));
      expect(titles).toEqual(['Hello NA']);
      const allocations = await asApp(c, ASIA, async () => (await c.query(`SELECT allocation_id FROM allocations`)).rows.map((r) => r.allocation_id));
      expect(allocations).toEqual(['af000000-0000-4000-8000-00000000000b']);
      const items = await asApp(c, ASIA, async () => (await c.query(`SELECT item_id FROM order_items`)).rows.map((r) => r.item_id));
      expect(items).toEqual(['ae000000-0000-4000-8000-00000000000b']);
      // Global template readable, per-site override of the other site not.
      const templates = await asApp(c, NA, async () => (await c.query(`SELECT title_template FROM notification_templates ORDER BY 1`)).rows.map((r) => r.title_template));
      expect(templates).toEqual(['Paid', 'Paid (NA)']);
      expect(
        await asApp(c, ASIA, () => errorCode(() => c.query(`INSERT INTO notification_read_receipts (notification_id, user_id) VALUES ('b4000000-0000-4000-8000-0000000000aa', $1)`, ['450e8400-e29b-41d4-a716-446655440001']))),
      ).toBe('42501');
      // Receipt inserts rely on the defaults adoption added (receipt_id, read_at, created_at).
      expect(
        await asApp(c, ASIA, () => errorCode(() => c.query(`INSERT INTO notification_read_receipts (notification_id, user_id) VALUES ('b4000000-0000-4000-8000-0000000000bb', $1)`, ['450e8400-e29b-41d4-a716-446655440000']))),
      ).toBeUndefined();
    });
  });

  it('the Django login writes again with BYPASSRLS, as the warning says (rolled back)', async () => {
    const touch = () =>
      withClient(djangoUrl, async (c) => {
        await c.query('BEGIN');
        try {
          return (await c.query(`UPDATE orders SET updated_at = updated_at`)).rowCount;
        } finally {
          await c.query('ROLLBACK');
        }
      });
    expect(await touch()).toBe(0); // FORCE RLS, no site: silently nothing
    await admin((c) => c.query(`ALTER ROLE ${django} BYPASSRLS`));
    try {
      expect(await touch()).toBe(2);
    } finally {
      await admin((c) => c.query(`ALTER ROLE ${django} NOBYPASSRLS`));
    }
  });

  it('records the baseline: db:migrate applies nothing', async () => {
    const { applied } = await migrate(djangoUrl, { log: () => {} });
    expect(applied).toEqual([]);
  });

  it('a second adoption changes nothing', async () => {
    const before = await withClient(djangoUrl, (c) => catalogFingerprint(c, tables));
    const again = await adoptDatabase(djangoUrl, { log: () => {} });
    expect(again.changes).toEqual([]);
    expect(again.alreadyManaged).toBe(true);
    expect(Object.fromEntries(await withClient(djangoUrl, (c) => catalogFingerprint(c, tables)))).toEqual(Object.fromEntries(before));
    expect(await dataDigest(database)).toEqual(digestBefore);
  });
});
