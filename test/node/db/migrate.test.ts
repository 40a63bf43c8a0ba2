// Migrations apply from an empty database, a second run is a no-op, and the security migrations
// adoption re-runs are idempotent.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFingerprint, expectedTables } from '../../../dev/db/adopt.ts';
import { bundledMigrations, migrate } from '../../../dev/db/migrate.ts';
import { createScratchDatabase, dropScratchDatabase, withClient } from './support.ts';

const manifest = JSON.parse(readFileSync(new URL('../../../src/db/migrations-manifest.json', import.meta.url), 'utf8')) as {
  tag: string;
  hash: string;
}[];

describe('migrations', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  const tables = expectedTables().map((t) => t.name);
  beforeAll(async () => {
    db = await createScratchDatabase('migrate');
  });
  afterAll(async () => {
    if (db) await dropScratchDatabase(db.database);
  });

  it('applies every bundled migration to an empty database, recording the manifest hashes', async () => {
    const rows = await withClient(db.ownerUrl, async (c) =>
      (await c.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id')).rows,
    );
    expect(rows.map((r) => r.hash)).toEqual(manifest.map((m) => m.hash));
    expect(manifest.map((m) => m.tag)).toEqual(bundledMigrations().map((m) => m.tag));
    const tableCount = await withClient(db.ownerUrl, async (c) =>
      (await c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`, [tables])).rows[0].n,
    );
    expect(tableCount).toBe(17);
  });

  it('is a no-op the second time', async () => {
    const before = await withClient(db.ownerUrl, (c) => catalogFingerprint(c, tables));
    const lines: string[] = [];
    const { applied } = await migrate(db.ownerUrl, { log: (l) => lines.push(l) });
    expect(applied).toEqual([]);
    expect(lines).toEqual(['migrations: nothing to apply']);
    const after = await withClient(db.ownerUrl, (c) => catalogFingerprint(c, tables));
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
  });

  it('security migrations (marked adopt: rerun) change nothing when applied again', async () => {
    const rerun = bundledMigrations().filter((m) => m.sql[0]!.trimStart().startsWith('-- adopt: rerun'));
    expect(rerun.map((m) => m.tag)).toEqual(['0001_roles', '0003_grants', '0004_row_level_security', '0005_site_immutability', '0006_tier_inventory_grant', '0007_order_items_rls']);
    await withClient(db.ownerUrl, async (c) => {
      const before = await catalogFingerprint(c, tables);
      await c.query('BEGIN');
      for (const m of rerun) for (const statement of m.sql) await c.query(statement);
      await c.query('COMMIT');
      expect(Object.fromEntries(await catalogFingerprint(c, tables))).toEqual(Object.fromEntries(before));
    });
  });
});
