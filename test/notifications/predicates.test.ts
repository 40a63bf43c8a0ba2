// The §d.0 predicates at their boundaries. "now" is the transaction's now(), which a client cannot
// hit exactly over HTTP, so these run the very SQL fragments the endpoints use (queries.ts) in ONE
// transaction that also writes rows with visible_at / expires_at = now(). Real Postgres, with RLS.
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { notifications as n } from '../../src/db/schema/notifications.ts';
import { isRead, live, mine, unread } from '../../src/resources/notifications/queries.ts';
import { ownerSql, seedTenants, type Tenants } from '../harness/index.ts';

const dialect = new PgDialect();

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

/**
 * Inserts rows at now() and evaluates `predicate` for each, as `me`, in one transaction. A NULL
 * (unknown) result counts as false, as it does in a WHERE clause.
 */
async function evaluate(me: string, rows: { title: string; values: string }[], predicate: SQL) {
  const query = dialect.sqlToQuery(
    sql`select ${n.title} as title, coalesce(${predicate}, false) as hit from ${n} where ${n.title} in ${rows.map((r) => r.title)} order by ${n.title}`,
  );
  const results = await ownerSql(t.a.siteId, [
    { text: `select set_config('app.current_user_id', $1, true)`, params: [me] },
    ...rows.map((r) => ({
      text: `insert into notifications (site_id, recipient_type, recipient_id, category, subcategory, severity, title, body, visible_at, expires_at)
             select $1, rt, rid, 'system', 'general', 'info', $2, '', va, ea
             from (select ${r.values}) as v(rt, rid, va, ea)`,
      params: [t.a.siteId, r.title],
    })),
    { text: query.sql, params: query.params },
  ]);
  return Object.fromEntries(results.at(-1)!.map((row) => [row.title, row.hit]));
}

const tag = () => crypto.randomUUID().slice(0, 8);

describe('live(n) at the transaction\'s now()', () => {
  it('visible_at == now is visible; expires_at == now is expired', async () => {
    const k = tag();
    const hits = await evaluate(
      t.alice.userId,
      [
        { title: `${k}-visible-now`, values: `'site_broadcast', null::uuid, now(), null::timestamptz` },
        { title: `${k}-visible-later`, values: `'site_broadcast', null::uuid, now() + interval '1 microsecond', null::timestamptz` },
        { title: `${k}-expires-now`, values: `'site_broadcast', null::uuid, now() - interval '1 hour', now()` },
        { title: `${k}-expires-later`, values: `'site_broadcast', null::uuid, now() - interval '1 hour', now() + interval '1 microsecond'` },
      ],
      live,
    );
    expect(hits).toEqual({
      [`${k}-visible-now`]: true,
      [`${k}-visible-later`]: false,
      [`${k}-expires-now`]: false,
      [`${k}-expires-later`]: true,
    });
  });
});

describe('mine(n), unread(n, me), is_read(n, me)', () => {
  it('personal by recipient id whatever the type; broadcasts; nothing for recipient-less non-broadcasts', async () => {
    const k = tag();
    const me = t.alice.userId;
    const rows = [
      { title: `${k}-user`, values: `'user', '${me}'::uuid, now(), null::timestamptz` },
      { title: `${k}-agent`, values: `'agent', '${me}'::uuid, now(), null::timestamptz` },
      { title: `${k}-admin`, values: `'admin', '${me}'::uuid, now(), null::timestamptz` },
      { title: `${k}-broadcast`, values: `'site_broadcast', null::uuid, now(), null::timestamptz` },
      { title: `${k}-nobody`, values: `'user', null::uuid, now(), null::timestamptz` },
      { title: `${k}-bob`, values: `'user', '${t.bob.userId}'::uuid, now(), null::timestamptz` },
    ];
    const expected = { user: true, agent: true, admin: true, broadcast: true, nobody: false, bob: false };
    const named = (o: Record<string, boolean>) => Object.fromEntries(Object.entries(o).map(([key, v]) => [`${k}-${key}`, v]));
    expect(await evaluate(me, rows, mine(t.a.siteId))).toEqual(named(expected));
  });

  it('without a user in the context nothing is personal, and broadcasts count as unread', async () => {
    const k = tag();
    const rows = [
      { title: `${k}-user`, values: `'user', '${t.alice.userId}'::uuid, now(), null::timestamptz` },
      { title: `${k}-broadcast`, values: `'site_broadcast', null::uuid, now(), null::timestamptz` },
    ];
    expect(await evaluate('', rows, mine(t.a.siteId))).toEqual({ [`${k}-user`]: false, [`${k}-broadcast`]: true });
    expect(await evaluate('', rows, unread(t.a.siteId))).toEqual({ [`${k}-user`]: false, [`${k}-broadcast`]: true });
    expect(await evaluate('', rows, isRead)).toEqual({ [`${k}-user`]: false, [`${k}-broadcast`]: false });
  });

  it('another site\'s id in the explicit predicate matches nothing even where RLS would allow it', async () => {
    const k = tag();
    const rows = [{ title: `${k}-broadcast`, values: `'site_broadcast', null::uuid, now(), null::timestamptz` }];
    expect(await evaluate(t.alice.userId, rows, mine(t.b.siteId))).toEqual({ [`${k}-broadcast`]: false });
  });
});
