import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { runInTransaction } from '../../db/tx.ts';
import { ApiError } from '../../pipeline/errors/api-error.ts';
import { recordJobStatement } from '../queue/idempotency.ts';
import { permanentFailure, type JobDelivery } from '../queue/outcome.ts';
import { releaseStateStatement } from '../vesting/release-outcomes.ts';

interface TransferNews {
  site_id: string;
  release_id: string;
  transfer_id: string;
}

/**
 * How a payout transfer's news is applied, completed or failed alike: the effect, its idempotency
 * record and the release's state after it, in one transaction of the release's site. An unknown
 * release is a permanent failure. Returns the effect's result and the release state.
 */
export async function applyTransferNews<E extends BatchItem<'pg'>>(
  job: 'vesting.release.completed' | 'vesting.release.failed',
  payload: TransferNews,
  delivery: JobDelivery,
  effect: (db: Db) => E,
) {
  const [applied, , state] = await runInTransaction(delivery.settings, { siteId: payload.site_id }, (db) => [
    effect(db),
    recordJobStatement(
      db,
      `${job}:${payload.release_id}:${payload.transfer_id}`,
      { ...payload, message_id: delivery.messageId },
      sql`exists (select 1 from vesting_releases where release_id = ${payload.release_id})`,
    ),
    releaseStateStatement(db, payload.release_id),
  ] as const);
  const release = state.rows[0];
  if (!release) throw permanentFailure(ApiError.notFound('No VestingRelease matches the given query.'));
  return { applied, release };
}
