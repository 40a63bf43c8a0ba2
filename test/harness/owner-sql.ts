import { neon, neonConfig } from '@neondatabase/serverless';
import { dbUrls, stack } from './stack.ts';

export type Row = Record<string, any>;
export type Statement = { text: string; params?: unknown[] };

/** One transaction through the Neon stand-in: `siteId` as its site, then `statements`; their rows. */
async function runAs(url: string, siteId: string | null, statements: Statement[]): Promise<Row[][]> {
  neonConfig.fetchEndpoint = stack().neon.fetchEndpoint;
  const sql = neon(url);
  const results = await sql.transaction([
    sql.query(`select set_config('app.current_site_id', $1, true), set_config('TimeZone', 'UTC', true)`, [siteId ?? '']),
    ...statements.map((s) => sql.query(s.text, (s.params ?? []) as any[])),
  ]);
  return results.slice(1) as Row[][];
}

/**
 * Fixture SQL as the table owner (posx_owner). The owner is subject to FORCE RLS too, so
 * site-scoped rows are written with `siteId` as the transaction's site. Returns the rows of every
 * statement.
 */
export function ownerSql(siteId: string | null, statements: Statement[]): Promise<Row[][]> {
  return runAs(dbUrls().ownerUrl, siteId, statements);
}

/** One statement, its rows. */
export async function ownerQuery(siteId: string | null, text: string, params: unknown[] = []): Promise<Row[]> {
  return (await ownerSql(siteId, [{ text, params }]))[0]!;
}

/**
 * Fixture SQL as a superuser, whom RLS never stops: rows that no policy would let in today, as an
 * adopted database may hold them from before POSX Edge's policies.
 */
export function superuserSql(statements: Statement[]): Promise<Row[][]> {
  const url = new URL(stack().adminUrl);
  url.pathname = `/${dbUrls().database}`;
  return runAs(url.toString(), null, statements);
}
