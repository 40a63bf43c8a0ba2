import type { RouteHandler } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../../app-env.ts';
import type { Db } from '../../db/client.ts';
import { currentSiteId } from '../../db/tx.ts';
import { createCustody } from '../../jobs/custody/index.ts';
import { failReleasesStatement } from '../../jobs/vesting/release-outcomes.ts';
import { fromUnits, toUnits } from '../../lib/decimal.ts';
import { ApiError } from '../../pipeline/errors/api-error.ts';
import { readRequestData } from '../../lib/drf/request-data.ts';
import { toPlain } from '../../lib/drf/python-json.ts';
import { toFieldErrors } from '../../lib/validation.ts';
import { PayoutRequest } from './routes.ts';
import type * as routes from './routes.ts';

/** The body, read like every write endpoint's (400 `JSON parse error - …`, 415), then validated. */
async function readPayoutRequest(request: Request) {
  const data = await readRequestData(request);
  if (data.kind !== 'json') throw ApiError.unsupportedMediaType(request.headers.get('Content-Type') ?? '');
  const parsed = PayoutRequest.safeParse(toPlain(data.value));
  if (!parsed.success) throw ApiError.invalidInput(toFieldErrors(parsed.error));
  return parsed.data;
}

type ClaimRow = {
  release_id: string;
  /** The release's status in this site before the claim; null: not found here. */
  status: string | null;
  /** Set when claimed: the new transfer id. */
  transfer_id: string | null;
  amount: string | null;
  period_no: number | null;
  wallet_address: string | null;
  order_id: string | null;
};

/**
 * Claims ALL the requested releases for payout, or none: each must be an `unlocked` release of the
 * current site. Locked rows, so two admins paying the same release concurrently cannot both claim
 * it (the second sees `processing`). A claimed release gets a fresh transfer id in the same update.
 * One row per requested id, in request order.
 */
function claimStatement(db: Db, releaseIds: readonly string[]) {
  return db.execute<ClaimRow>(sql`with wanted as (
      select x.release_id::uuid as release_id, x.ord
      from jsonb_array_elements_text(${JSON.stringify(releaseIds)}::jsonb) with ordinality as x(release_id, ord)
    ), found as (
      select r.release_id, r.status
      from vesting_releases r
      join vesting_schedules s on s.schedule_id = r.schedule_id
      where r.release_id in (select release_id from wanted) and s.site_id = ${currentSiteId}
      order by r.release_id -- rows are locked in this order, so overlapping claims cannot deadlock
      for update of r
    ), claimable as (
      select count(*) = ${releaseIds.length} as all_unlocked from found where status = 'unlocked'
    ), claimed as (
      update vesting_releases r
      set status = 'processing', fireblocks_tx_id = 'posx_' || replace(gen_random_uuid()::text, '-', ''),
          chain_amount = null, updated_at = now()
      from found f
      where r.release_id = f.release_id and r.status = 'unlocked' and (select all_unlocked from claimable)
      returning r.release_id, r.fireblocks_tx_id, r.amount, r.period_no, r.schedule_id
    )
    select w.release_id, f.status, c.fireblocks_tx_id as transfer_id, c.amount, c.period_no, a.wallet_address, a.order_id
    from wanted w
    left join found f on f.release_id = w.release_id
    left join claimed c on c.release_id = w.release_id
    left join vesting_schedules s on s.schedule_id = c.schedule_id
    left join allocations a on a.allocation_id = s.allocation_id
    order by w.ord`);
}

/**
 * POST /api/v1/admin/vesting/payouts/ (contract §f.2 `batch_release_vesting`, which only a Django
 * admin action could reach upstream). Claim (one round trip) → custody → put back the releases
 * custody refused (a second round trip, only then). Completion arrives later as a job.
 */
export const payouts: RouteHandler<typeof routes.payouts, AppEnv> = async (c) => {
  const { release_ids: releaseIds } = await readPayoutRequest(c.req.raw);
  const site = c.get('site');
  const [claim] = await c.var.sql((db) => [claimStatement(db, releaseIds)]);

  // DRF's list-error shape (keyed by index), each message naming its id as the request spelled it,
  // so the caller can tell which release to drop without counting positions.
  const problems: Record<string, string[]> = {};
  claim.rows.forEach((row, index) => {
    const id = releaseIds[index]!;
    if (row.status === null) problems[index] = [`Release ${id} not found in this site.`];
    else if (row.status !== 'unlocked') problems[index] = [`Release ${id} is ${row.status}, not unlocked.`];
  });
  if (Object.keys(problems).length > 0) throw ApiError.invalidInput({ release_ids: problems });

  const claimed = claim.rows as Array<ClaimRow & { transfer_id: string; amount: string; wallet_address: string }>;
  const results = await createCustody(c.get('settings')).submit(
    claimed.map((row) => ({
      transferId: row.transfer_id,
      releaseId: row.release_id,
      siteId: site.siteId,
      toAddress: row.wallet_address,
      amount: row.amount,
      note: `Vesting P${row.period_no} for order ${row.order_id}`,
    })),
  );
  const refused = new Map(results.flatMap((r) => (r.accepted ? [] : [[r.transferId, r.reason] as const])));
  if (refused.size > 0) {
    await c.var.sql((db) => [
      failReleasesStatement(db, claimed.filter((row) => refused.has(row.transfer_id)).map((row) => ({ releaseId: row.release_id, transferId: row.transfer_id }))),
    ]);
  }

  let total = 0n;
  const releases = claimed.map((row) => {
    const reason = refused.get(row.transfer_id);
    if (reason === undefined) {
      total += toUnits(row.amount, 6);
      return { release_id: row.release_id, amount: row.amount, status: 'processing' as const, transfer_id: row.transfer_id };
    }
    return { release_id: row.release_id, amount: row.amount, status: 'unlocked' as const, transfer_id: null, error: reason };
  });
  console.log(
    JSON.stringify({ level: 'info', msg: 'vesting payout', request_id: c.get('requestId'), site: site.code, user: c.get('userId'), submitted: releases.length - refused.size, failed: refused.size }),
  );
  return c.json({ submitted: releases.length - refused.size, failed: refused.size, total_amount: fromUnits(total, 6), releases }, 202);
};
