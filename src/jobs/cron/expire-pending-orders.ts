import { sql } from 'drizzle-orm';
import { currentSiteId, runInTransaction } from '../../db/tx.ts';
import { forEachSite } from '../sites.ts';
import { inBatches, perSiteSummary, type CronJob } from './job.ts';

const BATCH_SIZE = 100;
const MAX_BATCHES_PER_SITE = 10;

/**
 * Every 5 minutes (contract §f.3 `expire_pending_orders`, which never ran upstream): `pending`
 * orders whose `expires_at` has passed become `cancelled`, and the units their items had reserved go
 * back to the tier: `sold_units` down (never below 0), `available_units` recomputed as total − sold
 * (what the original's Tier.save() keeps), `version` + 1.
 * Cancel and restock are one statement, so a unit is returned exactly once: a second run finds no
 * pending order to cancel. Orders without `expires_at` never expire.
 */
export const expirePendingOrders: CronJob = {
  name: 'expire-pending-orders',
  async run({ settings, asOf }) {
    const cutoff = asOf.toISOString();
    const outcome = await forEachSite(settings, async (site) => {
      let unitsReturned = 0;
      const { handled, more } = await inBatches(BATCH_SIZE, MAX_BATCHES_PER_SITE, async () => {
        const [result] = await runInTransaction(settings, { siteId: site.siteId }, (db) => [
          db.execute<{ cancelled: number; units_returned: number }>(sql`with due as (
              select o.order_id
              from orders o
              where o.site_id = ${currentSiteId} and o.status = 'pending' and o.expires_at <= ${cutoff}::timestamptz
              order by o.expires_at, o.order_id
              limit ${BATCH_SIZE}
              for update skip locked
            ), cancelled as (
              update orders o
              set status = 'cancelled', updated_at = now()
              from due
              where o.order_id = due.order_id and o.status = 'pending'
              returning o.order_id
            ), reserved as (
              select i.tier_id, sum(i.quantity)::int as quantity
              from order_items i
              join cancelled c on c.order_id = i.order_id
              group by i.tier_id
            ), restocked as (
              update tiers t
              set sold_units = greatest(t.sold_units - r.quantity, 0),
                  available_units = t.total_units - greatest(t.sold_units - r.quantity, 0),
                  version = t.version + 1, updated_at = now()
              from reserved r
              where t.tier_id = r.tier_id and t.site_id = ${currentSiteId}
              returning r.quantity
            )
            select (select count(*) from cancelled)::int as cancelled,
                   coalesce((select sum(quantity) from restocked), 0)::int as units_returned`),
        ] as const);
        unitsReturned += result.rows[0]!.units_returned;
        return result.rows[0]!.cancelled;
      });
      return { cancelled: handled, units_returned: unitsReturned, backlog: more ? 1 : 0 };
    });
    return perSiteSummary(outcome, ['cancelled', 'units_returned', 'backlog']);
  },
};
