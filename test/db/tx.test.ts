// The worker's one way to run SQL (src/db/tx.ts): the context it sets, and how it isolates reads.
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { runInTransaction } from '../../src/db/tx.ts';

const settings = env as unknown as { DATABASE_URL: string; NEON_FETCH_ENDPOINT?: string };
const setting = (name: string) => sql`select current_user as role, current_setting(${name}) as value`;

it('runs as posx_app; a read-only transaction sees one snapshot (repeatable read) and refuses writes', async () => {
  const [read] = await runInTransaction(settings, { siteId: null, readOnly: true }, (db) => [db.execute(setting('transaction_isolation'))]);
  expect(read.rows).toEqual([{ role: 'posx_app', value: 'repeatable read' }]);
  const [readOnly] = await runInTransaction(settings, { siteId: null, readOnly: true }, (db) => [db.execute(setting('transaction_read_only'))]);
  expect(readOnly.rows[0]!.value).toBe('on');
  // Writes keep Postgres' default isolation: read committed re-checks rows it waited for.
  const [write] = await runInTransaction(settings, { siteId: null }, (db) => [db.execute(setting('transaction_isolation'))]);
  expect(write.rows).toEqual([{ role: 'posx_app', value: 'read committed' }]);
});
