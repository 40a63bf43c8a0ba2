// Benchmark data: the demo seed (dev/db/seed.ts) plus enough rows that queries do real work — a few
// thousand notifications over two sites (personal and broadcast, read and unread, a few scheduled or
// expired) with read receipts, and a few hundred paid orders with allocations, most of them owned by
// the benchmark user. Generated in SQL (generate_series), one transaction per site.
//
// The owner is under FORCE row-level security like everyone else, so each site's rows are written
// with app.current_site_id set to that site (as dev/db/seed.ts does).
import pg from 'pg';
import { DEMO, seedDemo } from '../dev/db/seed.ts';

/** Who the benchmark requests act as: alice, on site NA (auth0_sub from the demo seed). */
export const BENCH_USER = { sub: 'dev|alice', userId: DEMO.users.alice, siteCode: 'NA' } as const;

/** Per site: the user most rows belong to, and the others who share the site. */
const SITES = [
  { code: 'NA', main: DEMO.users.alice, others: [DEMO.users.bob, DEMO.users.agent1, DEMO.users.agent2, DEMO.users.agent3] },
  { code: 'ASIA', main: DEMO.users.carol, others: [DEMO.users.alice, DEMO.users.bob, DEMO.users.agent1, DEMO.users.agent2] },
] as const;

const PERSONAL_PER_SITE = 1_500;
const BROADCASTS_PER_SITE = 200;
/** Paid orders (each with one item and one allocation) per site for the site's main user … */
const MAIN_USER_ORDERS = { NA: 300, ASIA: 60 } as const;
/** … and for the other users of the site together. */
const OTHER_USERS_ORDERS = 80;

export interface BenchSeed {
  /** Rows inserted per table (demo seed + benchmark rows). */
  inserted: Record<string, number>;
}

export async function seedBenchData(ownerUrl: string): Promise<BenchSeed> {
  const { inserted } = await seedDemo(ownerUrl);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const add = (table: string, result: pg.QueryResult) => {
    inserted[table] = (inserted[table] ?? 0) + (result.rowCount ?? 0);
  };
  try {
    for (const site of SITES) {
      await client.query('BEGIN');
      try {
        await client.query(`select set_config('app.current_site_id', $1, true)`, [DEMO.sites[site.code]]);
        await seedNotifications(client, site, add);
        await seedAllocations(client, site, add);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    // Fresh statistics, so the planner chooses the plans it would on a long-lived database.
    await client.query('ANALYZE');
    return { inserted };
  } finally {
    await client.end();
  }
}

type Site = (typeof SITES)[number];
type Add = (table: string, result: pg.QueryResult) => void;

async function seedNotifications(client: pg.Client, site: Site, add: Add): Promise<void> {
  const siteId = DEMO.sites[site.code];
  // 40% of the personal rows are the main user's; ~60% read; every 97th scheduled in the future,
  // every 89th expired; spread over ~40 days so ordering and pagination have work to do.
  add(
    'notifications',
    await client.query(
      `insert into notifications (site_id, recipient_type, recipient_id, category, subcategory, severity,
         source_type, source_id, title, body, payload, action_url, read_at, visible_at, expires_at, created_at, updated_at)
       select $1, 'user',
              case when i % 10 < 4 then $2::uuid else ($3::uuid[])[1 + i % cardinality($3::uuid[])] end,
              c.category, 'bench_' || c.category,
              (array['info','info','info','warning','high','critical'])[1 + i % 6],
              case when c.category = 'order' then 'order' end,
              case when c.category = 'order' then gen_random_uuid() end,
              'Benchmark notification #' || i,
              'Body of benchmark notification ' || i || ': something happened that the user may want to know about.',
              jsonb_build_object('amount', ((i * 1500)::numeric / 1000)::numeric(18,6)::text, 'seq', i, 'note', 'Grüße 🚀'),
              case when i % 4 = 0 then 'posx://bench/' || i end,
              case when i % 5 < 3 then t.visible_at + interval '1 hour' end,
              t.visible_at,
              case when i % 89 = 0 then now() - interval '1 hour' end,
              t.visible_at, t.visible_at
         from generate_series(1, $4::int) as i
         cross join lateral (select (array['order','finance','security','system','marketing'])[1 + i % 5] as category) c
         cross join lateral (select case when i % 97 = 0 then now() + interval '2 days'
                                         else now() - i * interval '37 minutes' end as visible_at) t`,
      [siteId, site.main, site.others, PERSONAL_PER_SITE],
    ),
  );
  add(
    'notifications',
    await client.query(
      `insert into notifications (site_id, recipient_type, recipient_id, category, subcategory, severity,
         title, body, visible_at, expires_at, created_at, updated_at)
       select $1, 'site_broadcast', null,
              (array['system','marketing'])[1 + i % 2], 'bench_broadcast',
              (array['info','warning','high'])[1 + i % 3],
              'Benchmark announcement #' || i,
              'An announcement for everyone on this site (' || i || ').',
              t.visible_at,
              case when i % 41 = 0 then now() - interval '1 hour' end,
              t.visible_at, t.visible_at
         from generate_series(1, $2::int) as i
         cross join lateral (select case when i % 53 = 0 then now() + interval '1 day'
                                         else now() - i * interval '3 hours' end as visible_at) t`,
      [siteId, BROADCASTS_PER_SITE],
    ),
  );
  // Read receipts: the main user has read every other broadcast, each other user every third.
  add(
    'notification_read_receipts',
    await client.query(
      `insert into notification_read_receipts (notification_id, user_id, read_at)
       select n.notification_id, u.user_id, n.visible_at + interval '2 hours'
         from (select notification_id, visible_at, row_number() over (order by visible_at) as k
                 from notifications where site_id = $1 and recipient_type = 'site_broadcast' and subcategory = 'bench_broadcast') n
         cross join lateral (select $2::uuid as user_id where n.k % 2 = 0
                             union all
                             select o from unnest($3::uuid[]) as o where n.k % 3 = 0) u
       on conflict do nothing`,
      [siteId, site.main, site.others],
    ),
  );
}

async function seedAllocations(client: pg.Client, site: Site, add: Add): Promise<void> {
  const siteId = DEMO.sites[site.code];
  const mainOrders = MAIN_USER_ORDERS[site.code];
  // Orders first (their ids feed the items and allocations); a temporary table is not under RLS.
  await client.query(
    `create temporary table bench_orders on commit drop as
     select gen_random_uuid() as order_id, i,
            case when i <= $1 then $2::uuid else ($3::uuid[])[1 + i % cardinality($3::uuid[])] end as buyer_id,
            1 + i % 5 as quantity,
            '0x' || lpad(to_hex(i + $4::int), 40, '0') as wallet,
            now() - i * interval '5 hours' as created_at
       from generate_series(1, $1::int + $5::int) as i`,
    [mainOrders, site.main, site.others, site.code === 'NA' ? 0x100000 : 0x200000, OTHER_USERS_ORDERS],
  );
  const tier = await client.query<{ tier_id: string; list_price_usd: string; tokens_per_unit: string }>(
    `select tier_id, list_price_usd::text, tokens_per_unit::text from tiers where site_id = $1 order by display_order limit 1`,
    [siteId],
  );
  if (tier.rows.length === 0) throw new Error(`bench seed: the demo seed left site ${site.code} without a tier`);
  const { tier_id: tierId, list_price_usd: price, tokens_per_unit: tokens } = tier.rows[0]!;
  add(
    'orders',
    await client.query(
      `insert into orders (order_id, buyer_id, site_id, status, stripe_payment_intent_id, idempotency_key,
         list_price_usd, discount_usd, final_price_usd, wallet_address, chain, created_at, updated_at)
       select order_id, buyer_id, $1, 'paid', 'pi_bench_' || $2 || '_' || i, 'bench-order-' || $2 || '-' || i,
              $3::numeric * quantity, 0, $3::numeric * quantity, wallet, 'ETH', created_at, created_at
         from bench_orders`,
      [siteId, site.code, price],
    ),
  );
  add(
    'order_items',
    await client.query(
      `insert into order_items (order_id, tier_id, quantity, unit_price_usd, token_amount, created_at)
       select order_id, $1, quantity, $2::numeric, $3::numeric * quantity, created_at from bench_orders`,
      [tierId, price, tokens],
    ),
  );
  // Every 10th allocation fully released (completed), the rest partly (i % 7 sevenths of 10%).
  add(
    'allocations',
    await client.query(
      `insert into allocations (order_id, wallet_address, token_amount, released_tokens, status, created_at, updated_at)
       select order_id, wallet, $1::numeric * quantity,
              case when i % 10 = 0 then $1::numeric * quantity
                   else round($1::numeric * quantity * (i % 7) / 70, 6) end,
              case when i % 10 = 0 then 'completed' else 'active' end,
              created_at, created_at
         from bench_orders`,
      [tokens],
    ),
  );
}
