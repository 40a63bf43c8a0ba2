import { sql } from 'drizzle-orm';
import { currentSiteId, runInTransaction } from '../../db/tx.ts';
import { forEachSite } from '../sites.ts';
import { inBatches, perSiteSummary, type CronJob } from './job.ts';

/**
 * The bound of one daily firing: up to 100,000 releases per site. It runs once a day, so whatever the
 * bound leaves waits 24 h: it must cover a realistic day — every schedule made on a big sale day falls
 * due on the same later days, one release each. Each batch is one transaction in one Neon HTTP round
 * trip (one subrequest, a few ms of worker CPU while Postgres does the update), so a site's worst
 * case is 100 subrequests and seconds of wall time: far inside a cron invocation's subrequest, CPU
 * and 15-minute wall-clock limits. A site that hits the bound logs `backlog: 1`.
 */
const BATCH_SIZE = 1000;
const MAX_BATCHES_PER_SITE = 100;

/**
 * Daily 00:00 UTC (contract §f.2 `unlock_vesting_releases`): every `locked` release whose
 * release_date is on or before the firing's UTC date becomes `unlocked` with `unlocked_at`. Per site,
 * in batches; running it again finds nothing left to unlock.
 */
export const unlockVestingReleases: CronJob = {
  name: 'unlock-vesting-releases',
  async run({ settings, asOf }) {
    const today = asOf.toISOString().slice(0, 10);
    const outcome = await forEachSite(settings, async (site) => {
      const { handled, more } = await inBatches(BATCH_SIZE, MAX_BATCHES_PER_SITE, async () => {
        const [result] = await runInTransaction(settings, { siteId: site.siteId }, (db) => [
          db.execute<{ unlocked: number }>(sql`with due as (
              select r.release_id
              from vesting_releases r
              join vesting_schedules s on s.schedule_id = r.schedule_id
              where s.site_id = ${currentSiteId} and r.status = 'locked' and r.release_date <= ${today}::date
              order by r.release_date, r.release_id
              limit ${BATCH_SIZE}
              for update of r skip locked
            ), unlocked as (
              update vesting_releases r
              set status = 'unlocked', unlocked_at = now(), updated_at = now()
              from due
              where r.release_id = due.release_id and r.status = 'locked'
              returning 1
            )
            select count(*)::int as unlocked from unlocked`),
        ] as const);
        return result.rows[0]!.unlocked;
      });
      return { unlocked: handled, backlog: more ? 1 : 0 };
    });
    return perSiteSummary(outcome, ['unlocked', 'backlog']);
  },
};
