import type { JobPayload } from '../queue/jobs.ts';
import type { JobDelivery, JobResult } from '../queue/outcome.ts';
import { completeReleasesStatement } from '../vesting/release-outcomes.ts';
import { applyTransferNews } from './release-outcome.ts';

/**
 * `vesting.release.completed {site_id, release_id, transfer_id, tx_hash}` (the mock custody's
 * delayed completion; a live custody callback would publish the same): the release becomes
 * `released` and its amount is added to the allocation — once, however often this arrives.
 */
export async function releaseCompleted(payload: JobPayload<'vesting.release.completed'>, delivery: JobDelivery): Promise<JobResult> {
  const { applied: completed, release } = await applyTransferNews('vesting.release.completed', payload, delivery, (db) =>
    completeReleasesStatement(db, [{ releaseId: payload.release_id, transferId: payload.transfer_id, txHash: payload.tx_hash }]),
  );
  const { released_ids, completed_allocation_ids } = completed.rows[0]!;
  if (released_ids.length > 0) {
    return { outcome: 'applied', release_id: payload.release_id, allocation_completed: completed_allocation_ids.length > 0 };
  }
  if (release.status === 'released' && release.transfer_id === payload.transfer_id) {
    return { outcome: 'duplicate', release_id: payload.release_id };
  }
  // Another transfer's news (the payout failed and was retried), or the release is not in payout.
  return { outcome: 'ignored', release_id: payload.release_id, release_status: release.status };
}
