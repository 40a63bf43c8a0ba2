import { sql } from 'drizzle-orm';
import { currentSiteId, runInTransaction } from '../../db/tx.ts';
import { createCustody } from '../custody/index.ts';
import { forEachSite } from '../sites.ts';
import { completeReleasesStatement, failReleasesStatement, type ReleaseCompletion, type ReleaseFailure } from '../vesting/release-outcomes.ts';
import { perSiteSummary, type CronJob } from './job.ts';

const STUCK_AFTER_MINUTES = 15;
const BATCH_SIZE = 100;

/**
 * Every 5 minutes (contract §f.2 `reconcile_stuck_releases`): releases `processing` for more than
 * 15 minutes are looked up at the custody provider and completed or failed through the same
 * statements as a normal completion — so a completion that also arrives by job still counts once.
 * Transfers the provider reports as still pending are left for the next run.
 */
export const reconcileStuckReleases: CronJob = {
  name: 'reconcile-stuck-releases',
  async run({ settings, asOf }) {
    const custody = createCustody(settings);
    const stuckBefore = new Date(asOf.getTime() - STUCK_AFTER_MINUTES * 60_000).toISOString();
    const outcome = await forEachSite(settings, async (site) => {
      const [stuck] = await runInTransaction(settings, { siteId: site.siteId, readOnly: true }, (db) => [
        db.execute<{ release_id: string; transfer_id: string }>(sql`select r.release_id, r.fireblocks_tx_id as transfer_id
          from vesting_releases r
          join vesting_schedules s on s.schedule_id = r.schedule_id
          where s.site_id = ${currentSiteId} and r.status = 'processing' and r.fireblocks_tx_id is not null
            and r.updated_at < ${stuckBefore}::timestamptz
          order by r.updated_at, r.release_id
          limit ${BATCH_SIZE}`),
      ] as const);

      const completions: ReleaseCompletion[] = [];
      const failures: ReleaseFailure[] = [];
      let pending = 0;
      for (const row of stuck.rows) {
        const ref = { transferId: row.transfer_id, releaseId: row.release_id, siteId: site.siteId };
        const status = await custody.status(ref);
        if (status.state === 'completed') completions.push({ ...ref, txHash: status.txHash });
        else if (status.state === 'failed') failures.push(ref);
        else pending++;
      }
      if (completions.length === 0 && failures.length === 0) return { reconciled: 0, failed: 0, pending };

      const [completed, failed] = await runInTransaction(settings, { siteId: site.siteId }, (db) => [
        completeReleasesStatement(db, completions),
        failReleasesStatement(db, failures),
      ] as const);
      return {
        reconciled: completed.rows[0]!.released_ids.length,
        failed: failed.rows[0]!.failed_ids.length,
        pending,
      };
    });
    return perSiteSummary(outcome, ['reconciled', 'failed', 'pending']);
  },
};
