import { sql } from 'drizzle-orm';
import { runInTransaction } from '../../db/tx.ts';
import { ApiError } from '../../pipeline/errors/api-error.ts';
import type { JobPayload } from '../queue/jobs.ts';
import { recordJobStatement } from '../queue/idempotency.ts';
import { permanentFailure, retryLater, type JobDelivery, type JobResult } from '../queue/outcome.ts';
import { allocationAndScheduleStatement, allocationOfOrderStatement, releasesStatement } from '../vesting/allocation-from-order.ts';

/**
 * `order.paid {order_id, site_id[, policy_id]}`, published by the payment side once an order is paid:
 * creates the order's allocation, vesting schedule and releases, and records the delivery in
 * idempotency_keys — one transaction, one round trip. Redelivery creates nothing new.
 *
 * - order not in this site → 404, permanent; order not `paid` → 400, permanent;
 * - policy_id given but not an active policy of the site, or a policy that cannot split the order
 *   exactly → 400, permanent;
 * - the site has no active policy at all → 503: QStash retries, so a site whose policy is configured
 *   a little later still gets the allocation (and the DLQ keeps it if it never is).
 */
export async function orderPaid(payload: JobPayload<'order.paid'>, delivery: JobDelivery): Promise<JobResult> {
  const policyId = payload.policy_id ?? null;
  const [created, releases, , current] = await runInTransaction(delivery.settings, { siteId: payload.site_id }, (db) => [
    allocationAndScheduleStatement(db, payload.order_id, policyId),
    releasesStatement(db, payload.order_id),
    recordJobStatement(
      db,
      `order.paid:${payload.order_id}`,
      { ...payload, message_id: delivery.messageId },
      sql`exists (select 1 from allocations where order_id = ${payload.order_id})`,
    ),
    allocationOfOrderStatement(db, payload.order_id),
  ] as const);
  const row = created.rows[0]!;

  if (row.order_status === null) throw permanentFailure(ApiError.notFound('No Order matches the given query.'));
  if (row.allocation_id !== null) {
    return { outcome: 'applied', order_id: payload.order_id, allocation_id: row.allocation_id, schedule_id: row.schedule_id, releases_created: releases.rows[0]!.releases_created };
  }
  const existing = current.rows[0]?.allocation_id ?? null;
  if (existing !== null) return { outcome: 'duplicate', order_id: payload.order_id, allocation_id: existing };
  if (row.order_status !== 'paid') {
    throw permanentFailure(ApiError.invalidInput({ order_id: [`The order is ${row.order_status}, not paid.`] }));
  }
  if (row.policy_id === null) {
    if (policyId !== null) throw permanentFailure(ApiError.invalidInput({ policy_id: ['Not an active vesting policy of this site.'] }));
    throw retryLater('The site has no active vesting policy yet.');
  }
  throw permanentFailure(ApiError.invalidInput({ policy_id: [row.problem ?? 'The policy cannot make a schedule for this order.'] }));
}
