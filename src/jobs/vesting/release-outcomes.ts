import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { currentSiteId } from '../../db/tx.ts';

/**
 * How a payout transfer ends (contract §f.2 `handle_release_completed` / `handle_release_failed`).
 * These two statements are the ONLY writers of `allocations.released_tokens`, of allocation status
 * `completed`, and of release status `released`. Both are idempotent by construction: each touches a
 * release only while it is `processing` under the SAME transfer, and a concurrent second completion
 * waits for the first's row lock, then no longer finds it `processing` — it counts once.
 */

export interface ReleaseCompletion {
  releaseId: string;
  /** The transfer the payout started (vesting_releases.fireblocks_tx_id). */
  transferId: string;
  txHash: string;
}

export interface ReleaseFailure {
  releaseId: string;
  transferId: string;
}

/**
 * `processing` → `released` with the tx hash; the released amounts are added to their allocations
 * (one UPDATE per allocation, so several releases of one allocation in a batch add up), which become
 * `completed` once fully released. Returns the ids it released.
 */
export function completeReleasesStatement(db: Db, completions: readonly ReleaseCompletion[]) {
  const input = JSON.stringify(completions.map((c) => ({ release_id: c.releaseId, transfer_id: c.transferId, tx_hash: c.txHash })));
  return db.execute<{ released_ids: string[]; completed_allocation_ids: string[] }>(sql`with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(release_id uuid, transfer_id text, tx_hash text)
    ), released as (
      update vesting_releases r
      set status = 'released', tx_hash = i.tx_hash, released_at = now(), updated_at = now()
      from input i
      where r.release_id = i.release_id and r.status = 'processing' and r.fireblocks_tx_id = i.transfer_id
        and exists (select 1 from vesting_schedules s where s.schedule_id = r.schedule_id and s.site_id = ${currentSiteId})
      returning r.release_id, r.schedule_id, r.amount
    ), per_allocation as (
      select s.allocation_id, sum(x.amount) as amount
      from released x
      join vesting_schedules s on s.schedule_id = x.schedule_id
      group by s.allocation_id
    ), allocation as (
      update allocations a
      set released_tokens = a.released_tokens + p.amount,
          status = case when a.released_tokens + p.amount >= a.token_amount then 'completed' else a.status end,
          updated_at = now()
      from per_allocation p
      where a.allocation_id = p.allocation_id
      returning a.allocation_id, a.status
    )
    select coalesce((select jsonb_agg(release_id) from released), '[]'::jsonb) as released_ids,
           coalesce((select jsonb_agg(allocation_id) from allocation where status = 'completed'), '[]'::jsonb) as completed_allocation_ids`);
}

/**
 * `processing` → `unlocked`, forgetting the transfer, so the release can be paid out again. The
 * allocation is untouched. Returns the ids it put back.
 */
export function failReleasesStatement(db: Db, failures: readonly ReleaseFailure[]) {
  const input = JSON.stringify(failures.map((f) => ({ release_id: f.releaseId, transfer_id: f.transferId })));
  return db.execute<{ failed_ids: string[] }>(sql`with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(release_id uuid, transfer_id text)
    ), failed as (
      update vesting_releases r
      set status = 'unlocked', fireblocks_tx_id = null, chain_amount = null, updated_at = now()
      from input i
      where r.release_id = i.release_id and r.status = 'processing' and r.fireblocks_tx_id = i.transfer_id
        and exists (select 1 from vesting_schedules s where s.schedule_id = r.schedule_id and s.site_id = ${currentSiteId})
      returning r.release_id
    )
    select coalesce((select jsonb_agg(release_id) from failed), '[]'::jsonb) as failed_ids`);
}

/** Where one release stands now (after the statements before it in the same transaction). */
export function releaseStateStatement(db: Db, releaseId: string) {
  return db.execute<{ status: string; transfer_id: string | null; tx_hash: string | null }>(sql`select r.status, r.fireblocks_tx_id as transfer_id, r.tx_hash
    from vesting_releases r
    join vesting_schedules s on s.schedule_id = r.schedule_id
    where r.release_id = ${releaseId} and s.site_id = ${currentSiteId}`);
}
