// Scratch databases for the Node database tests: created on the machine's PostgreSQL through the
// admin URL (env DATABASE_URL, else the local superuser), prefixed dm_, dropped after the test.
import pg from 'pg';
import { prepareDatabase, type PreparedDatabase } from '../../../dev/db/prepare.ts';

export const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The 12 tables under RLS, and the tables that carry a site_id column. */
export const SITE_SCOPED_TABLES = [
  'tiers', 'orders', 'allocations', 'chain_asset_configs', 'vesting_policies', 'vesting_schedules',
  'vesting_releases', 'notification_templates', 'notifications', 'notification_channel_tasks',
  'notification_preferences', 'notification_read_receipts',
] as const;

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
