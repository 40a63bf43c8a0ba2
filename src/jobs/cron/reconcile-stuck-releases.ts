import { sql } from 'drizzle-orm';
import { currentSiteId, runInTransaction } from '../../db/tx.ts';
import type { Settings } from '../../env.ts';
import type { CustodyClient, TransferRef, TransferStatus } from '../custody/custody.ts';
import { createCustody } from '../custody/index.ts';
import { describeError } from '../describe-error.ts';
import { forEachSite, type JobSite } from '../sites.ts';
import { completeReleasesStatement, failReleasesStatement, type ReleaseCompletion, type ReleaseFailure } from '../vesting/release-outcomes.ts';
import { perSiteSummary, type CronJob } from './job.ts';

const STUCK_AFTER_MINUTES = 15;
const BATCH_SIZE = 100;
/** Up to 1,000 stuck releases per site per run: each batch is two round trips plus its custody lookups. */
const MAX_BATCHES_PER_SITE = 10;
const NAME = 'reconcile-stuck-releases';

type Counts = { reconciled: number; failed: number; pending: number; custody_errors: number };

/**
 * Every 5 minutes (contract §f.2 `reconcile_stuck_releases`): releases `processing` for more than
 * 15 minutes are looked up at the custody provider and completed or failed through the same
 * statements as a normal completion — so a completion that also arrives by job still counts once.
 * Transfers the provider reports as still pending are left for the next run.
 *
 * A status lookup that throws (a live provider's outage, a timeout) costs only that release: it is
 * logged with its id, counted as `custody_errors`, stays `processing` for the next run, and the
 * answers already gathered for the site's other releases are still applied.
 *
 * Batches walk the stuck releases oldest first by (updated_at, release_id) and continue after the
 * last one seen: releases that stay pending (or whose lookup fails) keep their place, so they never
 * hide the ones behind them. A site that still has more after the last batch logs `backlog: 1`.
 */
export function reconcileStuckReleasesWith(custodyFor: (settings: Settings) => CustodyClient): CronJob {
  return {
    name: NAME,
    async run({ settings, asOf }) {
      const custody = custodyFor(settings);
      const stuckBefore = new Date(asOf.getTime() - STUCK_AFTER_MINUTES * 60_000).toISOString();
      const outcome = await forEachSite(settings, async (site) => {
        const counts: Counts = { reconciled: 0, failed: 0, pending: 0, custody_errors: 0 };
        let after: { updatedAt: string; releaseId: string } | null = null;
        for (let batch = 0; batch < MAX_BATCHES_PER_SITE; batch++) {
          const [stuck] = await runInTransaction(settings, { siteId: site.siteId, readOnly: true }, (db) => [
            db.execute<{ release_id: string; transfer_id: string; updated_at: string }>(sql`select r.release_id,
                r.fireblocks_tx_id as transfer_id, r.updated_at::text as updated_at
              from vesting_releases r
              join vesting_schedules s on s.schedule_id = r.schedule_id
              where s.site_id = ${currentSiteId} and r.status = 'processing' and r.fireblocks_tx_id is not null
                and r.updated_at < ${stuckBefore}::timestamptz
                and (${after?.updatedAt ?? null}::timestamptz is null
                     or (r.updated_at, r.release_id) > (${after?.updatedAt ?? null}::timestamptz, ${after?.releaseId ?? null}::uuid))
              order by r.updated_at, r.release_id
              limit ${BATCH_SIZE}`),
          ] as const);
          await settleBatch(settings, custody, site, stuck.rows, counts);
          if (stuck.rows.length < BATCH_SIZE) return { ...counts, backlog: 0 };
          const last = stuck.rows.at(-1)!;
          after = { updatedAt: last.updated_at, releaseId: last.release_id };
        }
        return { ...counts, backlog: 1 };
      });
      return perSiteSummary(outcome, ['reconciled', 'failed', 'pending', 'custody_errors', 'backlog']);
    },
  };
}

/** Asks custody about each release of one batch, then applies every completion and failure in one transaction. */
async function settleBatch(
  settings: Settings,
  custody: CustodyClient,
  site: JobSite,
  rows: readonly { release_id: string; transfer_id: string }[],
  counts: Counts,
): Promise<void> {
  const completions: ReleaseCompletion[] = [];
  const failures: ReleaseFailure[] = [];
  for (const row of rows) {
    const ref: TransferRef = { transferId: row.transfer_id, releaseId: row.release_id, siteId: site.siteId };
    let status: TransferStatus;
    try {
      status = await custody.status(ref);
    } catch (err) {
      counts.custody_errors++;
      console.error(
        JSON.stringify({ level: 'error', msg: 'cron: custody status failed', job: NAME, site: site.code, release_id: row.release_id, transfer_id: row.transfer_id, error: describeError(err) }),
      );
      continue;
    }
    if (status.state === 'completed') completions.push({ ...ref, txHash: status.txHash });
    else if (status.state === 'failed') failures.push(ref);
    else counts.pending++;
  }
  if (completions.length === 0 && failures.length === 0) return;
  const [completed, failed] = await runInTransaction(settings, { siteId: site.siteId }, (db) => [
    completeReleasesStatement(db, completions),
    failReleasesStatement(db, failures),
  ] as const);
  counts.reconciled += completed.rows[0]!.released_ids.length;
  counts.failed += failed.rows[0]!.failed_ids.length;
}

/** The scheduled job: asks the custody client CUSTODY_MODE selects. */
export const reconcileStuckReleases: CronJob = reconcileStuckReleasesWith(createCustody);
