import { sql } from 'drizzle-orm';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import { createDb, type Db, type DbSettings } from './client.ts';

/**
 * Whose SQL this is: the site it is scoped to, and optionally the user. The role is always posx_app
 * (the runtime login cannot become anything else, so nothing here can bypass RLS).
 */
export interface SqlContext {
  /** `app.current_site_id`; null runs with no site (RLS then shows no site-scoped rows). */
  siteId: string | null;
  /** `app.current_user_id`; the pipeline usually sets it from the principal statement instead. */
  userId?: string | null;
  readOnly?: boolean;
}

type Statements = readonly [BatchItem<'pg'>, ...BatchItem<'pg'>[]];

/**
 * The one way worker code runs SQL: ONE transaction, sent as ONE Neon HTTP request, whose first
 * statement sets the role, the site and user GUCs, UTC and ISO dates (timestamps come back as
 * ISO UTC text, whatever the server's defaults).
 * `set_config(…, true)` is transaction-local, so nothing leaks to the next user of a pooled
 * connection. The context statement's result is dropped from the returned tuple.
 */
export async function runInTransaction<T extends Statements>(
  settings: DbSettings,
  context: SqlContext,
  build: (db: Db) => T,
): Promise<BatchResponse<T>> {
  const db = createDb(settings, { readOnly: context.readOnly ?? false });
  const results = await db.batch([contextStatement(db, context), ...build(db)] as const);
  return results.slice(1) as unknown as BatchResponse<T>;
}

function contextStatement(db: Db, context: SqlContext) {
  return db.execute(sql`select
    set_config('role', 'posx_app', true),
    set_config('app.current_site_id', ${context.siteId ?? ''}, true),
    set_config('app.current_user_id', ${context.userId ?? ''}, true),
    set_config('TimeZone', 'UTC', true),
    set_config('DateStyle', 'ISO, MDY', true)`);
}

/** The current site as SQL, for explicit predicates beside RLS (defence in depth). */
export const currentSiteId = sql`nullif(current_setting('app.current_site_id', true), '')::uuid`;
/** The current user as SQL; null when no (active) user is set, so user predicates match nothing. */
export const currentUserId = sql`nullif(current_setting('app.current_user_id', true), '')::uuid`;
