import type { JobPayload } from '../queue/jobs.ts';
import type { JobDelivery, JobResult } from '../queue/outcome.ts';
import { failReleasesStatement } from '../vesting/release-outcomes.ts';
import { applyTransferNews } from './release-outcome.ts';

/**
 * `vesting.release.failed {site_id, release_id, transfer_id, reason}`: custody gave up on the
 * transfer; the release goes back to `unlocked` (payable again), the allocation is untouched.
 */
export async function releaseFailed(payload: JobPayload<'vesting.release.failed'>, delivery: JobDelivery): Promise<JobResult> {
  const { applied: failed, release } = await applyTransferNews('vesting.release.failed', payload, delivery, (db) =>
    failReleasesStatement(db, [{ releaseId: payload.release_id, transferId: payload.transfer_id }]),
  );
  if (failed.rows[0]!.failed_ids.length > 0) return { outcome: 'applied', release_id: payload.release_id, reason: payload.reason };
  return { outcome: 'ignored', release_id: payload.release_id, release_status: release.status };
}
