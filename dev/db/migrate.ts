// Applies drizzle/ migrations with drizzle's programmatic migrator (drizzle-kit migrate can exit 1
// without an error message). Run as the table owner (posx_owner locally). Idempotent: already
// applied migrations are skipped, so a second run applies nothing.
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { readFileSync } from 'node:fs';
import pg from 'pg';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface BundledMigration {
  tag: string;
  /** sha256 of the file, as drizzle's migrator stores it in drizzle.__drizzle_migrations. */
  hash: string;
  /** The journal's `when`, stored as created_at; the migrator applies what is newer than the last. */
  when: number;
  sql: string[];
}

/** The migrations shipped in drizzle/, in journal order, with the hashes the migrator records. */
export function bundledMigrations(folder: string = MIGRATIONS_FOLDER): BundledMigration[] {
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  const files = readMigrationFiles({ migrationsFolder: folder });
  return journal.entries.map((entry, i) => ({
    tag: entry.tag,
    when: entry.when,
    hash: files[i]!.hash,
    sql: files[i]!.sql,
  }));
}

export interface MigrateOptions {
  /** Where progress lines go; console.log by default. */
  log?: (line: string) => void;
}

/** Applies pending migrations to the database at ownerUrl; returns the tags it applied. */
export async function migrate(ownerUrl: string, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = options.log ?? console.log;
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // Two processes migrating the same database (parallel test runs) take turns.
    await client.query(`SELECT pg_advisory_lock(hashtext('posx_edge.migrate'))`);
    const pending = await pendingMigrations(client);
    await drizzleMigrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    for (const migration of pending) log(`applied migration ${migration.tag}`);
    if (pending.length === 0) log('migrations: nothing to apply');
    return { applied: pending.map((m) => m.tag) };
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('posx_edge.migrate'))`).catch(() => {});
    await client.end();
  }
}

/** Bundled migrations the migrator will apply: those newer than the last recorded one. */
async function pendingMigrations(client: pg.ClientBase): Promise<BundledMigration[]> {
  const bundled = bundledMigrations();
  const exists = await client.query(`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`);
  if (!exists.rows[0].t) return bundled;
  const last = await client.query<{ created_at: string | null }>(
    `SELECT max(created_at)::text AS created_at FROM drizzle.__drizzle_migrations`,
  );
  const lastWhen = last.rows[0]?.created_at == null ? null : Number(last.rows[0].created_at);
  return bundled.filter((m) => lastWhen === null || lastWhen < m.when);
}
