import { neon, neonConfig } from '@neondatabase/serverless';
import { dbUrls, stack } from './stack.ts';

export type Row = Record<string, any>;
export type Statement = { text: string; params?: unknown[] };

/**
 * Fixture SQL as the table owner (posx_owner), through the Neon stand-in. The owner is subject to
 * FORCE RLS too, so site-scoped rows are written with `siteId` as the transaction's site.
 * Returns the rows of every statement.
 */
export async function ownerSql(siteId: string | null, statements: Statement[]): Promise<Row[][]> {
  neonConfig.fetchEndpoint = stack().neon.fetchEndpoint;
  const sql = neon(dbUrls().ownerUrl);
  const results = await sql.transaction([
    sql.query(`select set_config('app.current_site_id', $1, true), set_config('TimeZone', 'UTC', true)`, [siteId ?? '']),
    ...statements.map((s) => sql.query(s.text, (s.params ?? []) as any[])),
  ]);
  return (results.slice(1) as Row[][]);
}

/** One statement, its rows. */
export async function ownerQuery(siteId: string | null, text: string, params: unknown[] = []): Promise<Row[]> {
  return (await ownerSql(siteId, [{ text, params }]))[0]!;
}
