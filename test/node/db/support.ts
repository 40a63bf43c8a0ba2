// Scratch databases for the Node database tests: created on the machine's PostgreSQL through the
// admin URL (env DATABASE_URL, else the local superuser), prefixed dm_, dropped after the test.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { expectedTables } from '../../../dev/db/adopt.ts';
import { prepareDatabase, type PreparedDatabase } from '../../../dev/db/prepare.ts';

export const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The tables under RLS: the worker's own list (its readiness check uses the same). */
export { SITE_SCOPED_TABLES } from '../../../src/db/site-scoped-tables.ts';

export function scratchName(label: string): string {
  return `dm_${label}_${process.pid}_${Date.now().toString(36)}`;
}

/** The admin (superuser) login on another database of the cluster. */
export function superuserUrl(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Same cluster as the admin URL, another login/database. */
export function urlFor(user: string, database: string, password?: string): string {
  const url = new URL(ADMIN_URL);
  url.username = user;
  url.password = password ?? '';
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(ADMIN_URL, fn);
}

export async function createScratchDatabase(label: string): Promise<PreparedDatabase & { database: string }> {
  const database = scratchName(label);
  const prepared = await prepareDatabase({ adminUrl: ADMIN_URL, database, fresh: true, log: () => {} });
  return { ...prepared, database };
}

export async function dropScratchDatabase(database: string): Promise<void> {
  if (!database.startsWith('dm_')) throw new Error(`refusing to drop ${database}`);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(database)} WITH (FORCE)`));
}

/** Runs fn in a transaction as the runtime role (posx_app) with the site GUC set; rolls back. */
export async function asApp<T>(
  client: pg.ClientBase,
  siteId: string | null,
  fn: () => Promise<T>,
): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT set_config('role', 'posx_app', true), set_config('app.current_site_id', $1, true)`, [siteId ?? '']);
    return await fn();
  } finally {
    await client.query('ROLLBACK');
  }
}

/** The Postgres error code fn fails with (undefined when it succeeds). */
export async function errorCode(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** A file of test/node/db/fixtures (SQL of the original-style database). */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Per table, a digest of every row; superUrl must be a superuser's, so RLS does not apply. */
export async function dataDigest(superUrl: string): Promise<Record<string, string>> {
  return withClient(superUrl, async (c) => {
    const out: Record<string, string> = {};
    for (const t of [...expectedTables().map((e) => e.name), 'commissions', 'django_migrations']) {
      out[t] = (await c.query(`SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS d FROM ${t} x`)).rows[0].d;
    }
    return out;
  });
}
