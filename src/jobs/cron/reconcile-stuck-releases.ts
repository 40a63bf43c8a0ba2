import { sql } from 'drizzle-orm';
import { currentSiteId, runInTransaction } from '../../db/tx.ts';
import type { Settings } from '../../env.ts';
import type { CustodyClient, TransferStatus } from '../custody/custody.ts';
import { createCustody } from '../custody/index.ts';
import { describeError } from '../describe-error.ts';
import { forEachSite } from '../sites.ts';
import { completeReleasesStatement, failReleasesStatement, type ReleaseCompletion, type ReleaseFailure } from '../vesting/release-outcomes.ts';
import { perSiteSummary, type CronJob } from './job.ts';

const STUCK_AFTER_MINUTES = 15;
const BATCH_SIZE = 100;
const NAME = 'reconcile-stuck-releases';

/**
 * Every 5 minutes (contract §f.2 `reconcile_stuck_releases`): releases `processing` for more than
 * 15 minutes are looked up at the custody provider and completed or failed through the same
 * statements as a normal completion — so a completion that also arrives by job still counts once.
 * Transfers the provider reports as still pending are left for the next run.
 *
 * A status lookup that throws (a live provider's outage, a timeout) costs only that release: it is
 * logged with its id, counted as `custody_errors`, stays `processing` for the next run, and the
 * answers already gathered for the site's other releases are still applied.
 */
export function reconcileStuckReleasesWith(custodyFor: (settings: Settings) => CustodyClient): CronJob {
  return {
    name: NAME,
    async run({ settings, asOf }) {
      const custody = custodyFor(settings);
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
        // A full batch: there may be more stuck releases than one run looks at.
        const backlog = stuck.rows.length >= BATCH_SIZE ? 1 : 0;

        const completions: ReleaseCompletion[] = [];
        const failures: ReleaseFailure[] = [];
        let pending = 0;
        let custodyErrors = 0;
        for (const row of stuck.rows) {
          const ref = { transferId: row.transfer_id, releaseId: row.release_id, siteId: site.siteId };
          let status: TransferStatus;
          try {
            status = await custody.status(ref);
          } catch (err) {
            custodyErrors++;
            console.error(
              JSON.stringify({ level: 'error', msg: 'cron: custody status failed', job: NAME, site: site.code, release_id: row.release_id, transfer_id: row.transfer_id, error: describeError(err) }),
            );
            continue;
          }
          if (status.state === 'completed') completions.push({ ...ref, txHash: status.txHash });
          else if (status.state === 'failed') failures.push(ref);
          else pending++;
        }
        const counts = { pending, custody_errors: custodyErrors, backlog };
        if (completions.length === 0 && failures.length === 0) return { reconciled: 0, failed: 0, ...counts };

        const [completed, failed] = await runInTransaction(settings, { siteId: site.siteId }, (db) => [
          completeReleasesStatement(db, completions),
          failReleasesStatement(db, failures),
        ] as const);
        return {
          reconciled: completed.rows[0]!.released_ids.length,
          failed: failed.rows[0]!.failed_ids.length,
          ...counts,
        };
      });
      return perSiteSummary(outcome, ['reconciled', 'failed', 'pending', 'custody_errors', 'backlog']);
    },
  };
}

/** The scheduled job: asks the custody client CUSTODY_MODE selects. */
export const reconcileStuckReleases: CronJob = reconcileStuckReleasesWith(createCustody);
