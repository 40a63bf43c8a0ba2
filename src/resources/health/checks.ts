import { sql } from 'drizzle-orm';
import type { Settings } from '../../env.ts';
import { createRedis } from '../../lib/redis.ts';
import { runInTransaction } from '../../db/tx.ts';
import { SITE_SCOPED_TABLES } from '../../db/site-scoped-tables.ts';
import manifest from '../../db/migrations-manifest.json';
import { redactSecrets } from '../../lib/redact.ts';

/** Each check answers "ok", "warning: …" or "error: …" (contract §e) and never throws. */
export type CheckResult = string;

// Driver errors may quote the connection string: /ready/ is public, so credentials never show.
const errorText = (e: unknown) => `error: ${redactSecrets(e instanceof Error ? e.message : String(e))}`;
const pyList = (names: string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;

export async function checkDatabase(settings: Settings): Promise<CheckResult> {
  try {
    await runInTransaction(settings, { siteId: null, readOnly: true }, (db) => [db.execute(sql`select 1`)]);
    return 'ok';
  } catch (e) {
    return errorText(e);
  }
}

export async function checkRedis(settings: Settings): Promise<CheckResult> {
  try {
    const redis = createRedis(settings);
    await redis.set('health_check', 'ok', { ex: 10 });
    return (await redis.get('health_check')) === 'ok' ? 'ok' : 'error: cache verification failed';
  } catch (e) {
    return errorText(e);
  }
}

/** Applied drizzle migrations versus the manifest bundled at build time. */
export async function checkMigrations(settings: Settings): Promise<CheckResult> {
  try {
    const [applied] = await runInTransaction(settings, { siteId: null, readOnly: true }, (db) => [
      db.execute<{ hash: string }>(sql`select hash from drizzle.__drizzle_migrations`),
    ]);
    const hashes = new Set(applied.rows.map((r) => r.hash));
    const missing = (manifest as { tag: string; hash: string }[]).filter((m) => !hashes.has(m.hash));
    return missing.length === 0 ? 'ok' : `warning: ${missing.length} unapplied migrations`;
  } catch (e) {
    return errorText(e);
  }
}

/**
 * RLS enabled AND forced on every site-scoped table, and the role requests run as (posx_app) unable
 * to escape it: not a superuser, no BYPASSRLS, not a member of posx_admin (whose read-all policies
 * would apply to it, as in the original, contract §b.4). Reported, never fatal.
 */
export async function checkRls(settings: Settings): Promise<CheckResult> {
  try {
    const [role, tables] = await runInTransaction(settings, { siteId: null, readOnly: true }, (db) => [
      db.execute<{ name: string; superuser: boolean; bypassrls: boolean; admin: boolean }>(sql`
        select current_user as name, r.rolsuper as superuser, r.rolbypassrls as bypassrls,
          pg_has_role(current_user, 'posx_admin', 'MEMBER') as admin
        from pg_roles r where r.rolname = current_user`),
      db.execute<{ relname: string; enabled: boolean; forced: boolean }>(sql`
        select c.relname, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and c.relname in (${sql.join(SITE_SCOPED_TABLES.map((t) => sql`${t}`), sql`, `)})`),
    ]);
    const found = new Map(tables.rows.map((r) => [r.relname, r]));
    const missing = SITE_SCOPED_TABLES.filter((t) => !found.has(t));
    const disabled = tables.rows.filter((r) => !r.enabled).map((r) => r.relname).sort();
    const unforced = tables.rows.filter((r) => r.enabled && !r.forced).map((r) => r.relname).sort();
    const r = role.rows[0];
    const escapes = r ? [r.superuser && 'superuser', r.bypassrls && 'BYPASSRLS', r.admin && 'member of posx_admin'].filter(Boolean) : [];
    const warnings = [
      escapes.length ? `${r!.name} bypasses RLS (${escapes.join(', ')})` : '',
      missing.length ? `tables missing ${pyList([...missing])}` : '',
      disabled.length ? `RLS disabled on ${pyList(disabled)}` : '',
      unforced.length ? `RLS not forced on ${pyList(unforced)}` : '',
    ].filter(Boolean);
    return warnings.length ? `warning: ${warnings.join('; ')}` : 'ok';
  } catch (e) {
    return errorText(e);
  }
}

/** A probe must answer even when a dependency hangs: a check still running after `ms` is an error. */
export async function withTimeout(check: Promise<CheckResult>, ms: number): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve(`error: no answer within ${ms / 1000} s`), ms);
  });
  try {
    return await Promise.race([check, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
