import { sql } from 'drizzle-orm';
import { runInTransaction } from '../../db/tx.ts';
import { ApiError } from '../../pipeline/errors/api-error.ts';
import type { JobPayload } from '../queue/jobs.ts';
import { recordJobStatement } from '../queue/idempotency.ts';
import { permanentFailure, type JobDelivery, type JobResult } from '../queue/outcome.ts';
import { failReleasesStatement, releaseStateStatement } from '../vesting/release-outcomes.ts';

/**
 * `vesting.release.failed {site_id, release_id, transfer_id, reason}`: custody gave up on the
 * transfer; the release goes back to `unlocked` (payable again), the allocation is untouched.
 */
export async function releaseFailed(payload: JobPayload<'vesting.release.failed'>, delivery: JobDelivery): Promise<JobResult> {
  const [failed, , state] = await runInTransaction(delivery.settings, { siteId: payload.site_id }, (db) => [
    failReleasesStatement(db, [{ releaseId: payload.release_id, transferId: payload.transfer_id }]),
    recordJobStatement(
      db,
      `vesting.release.failed:${payload.release_id}:${payload.transfer_id}`,
      { ...payload, message_id: delivery.messageId },
      sql`exists (select 1 from vesting_releases where release_id = ${payload.release_id})`,
    ),
    releaseStateStatement(db, payload.release_id),
  ] as const);

  const release = state.rows[0];
  if (!release) throw permanentFailure(ApiError.notFound('No VestingRelease matches the given query.'));
  if (failed.rows[0]!.failed_ids.length > 0) return { outcome: 'applied', release_id: payload.release_id, reason: payload.reason };
  return { outcome: 'ignored', release_id: payload.release_id, release_status: release.status };
}
