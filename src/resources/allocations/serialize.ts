import type { z } from '@hono/zod-openapi';
import { formatDateTime } from '../../lib/datetime.ts';
import { formatAmount, formatPercent, subtractAmounts } from '../../lib/decimal.ts';
import type { AllocationBalance, AllocationDetail, AllocationListItem, AllocationReleases, ReleaseStatus } from './routes.ts';

// Rows as queries.ts selects them: amounts and times as Postgres text, never JS numbers or Dates.

export interface AllocationRow {
  allocationId: string;
  orderId: string;
  walletAddress: string;
  tokenAmount: string;
  releasedTokens: string;
  status: string;
  createdAt: string;
}

export interface AllocationDetailRow extends AllocationRow {
  siteId: string;
  buyerId: string;
  orderStatus: string;
  orderCreatedAt: string;
  updatedAt: string;
}

export interface BalanceRow {
  total: string;
  released: string;
  active: number;
  completed: number;
}

/** A tranche, or the all-null row of an allocation without a schedule. */
export interface ReleaseRow {
  releaseId: string | null;
  periodNo: number | null;
  releaseDate: string | null;
  amount: string | null;
  status: string | null;
  unlockedAt: string | null;
  releasedAt: string | null;
  txHash: string | null;
  total: string;
  released: string;
}

// The DB CHECKs (allocations, orders) and the vesting code keep these columns within the documented sets.
type AllocationStatus = z.infer<typeof AllocationListItem>['status'];
type OrderStatus = z.infer<typeof AllocationDetail>['order_status'];
type ReleaseStatusValue = z.infer<typeof ReleaseStatus>;

/** The four amount keys, in contract order; difference and percentage in exact integer micro-units (D7). */
function amounts(row: AllocationRow) {
  return {
    token_amount: formatAmount(row.tokenAmount),
    released_tokens: formatAmount(row.releasedTokens),
    pending_tokens: subtractAmounts(row.tokenAmount, row.releasedTokens),
    release_progress: formatPercent(row.releasedTokens, row.tokenAmount),
  };
}

/** The 9-key list item (contract §d.7), keys in contract order. */
export function serializeAllocation(row: AllocationRow): z.infer<typeof AllocationListItem> {
  return {
    allocation_id: row.allocationId,
    order_id: row.orderId,
    wallet_address: row.walletAddress,
    ...amounts(row),
    status: row.status as AllocationStatus,
    created_at: formatDateTime(row.createdAt),
  };
}

/** The 14-key detail (contract §d.8), keys in contract order. */
export function serializeAllocationDetail(row: AllocationDetailRow): z.infer<typeof AllocationDetail> {
  return {
    allocation_id: row.allocationId,
    order_id: row.orderId,
    site_id: row.siteId,
    buyer_id: row.buyerId,
    wallet_address: row.walletAddress,
    ...amounts(row),
    status: row.status as AllocationStatus,
    order_status: row.orderStatus as OrderStatus,
    order_created_at: formatDateTime(row.orderCreatedAt),
    created_at: formatDateTime(row.createdAt),
    updated_at: formatDateTime(row.updatedAt),
  };
}

/** The 6-key balance (contract §d.9); `pending` is not clamped, so inconsistent data shows. */
export function serializeBalance(row: BalanceRow): z.infer<typeof AllocationBalance> {
  return {
    total_tokens: formatAmount(row.total),
    released_tokens: formatAmount(row.released),
    pending_tokens: subtractAmounts(row.total, row.released),
    active_allocations: row.active,
    completed_allocations: row.completed,
    release_progress: formatPercent(row.released, row.total),
  };
}

/**
 * Tranches by `period_no` and the summary. The next release is the first tranche not yet
 * released (locked, unlocked or processing): what the buyer's wallet receives next.
 */
export function serializeReleases(rows: ReleaseRow[]): z.infer<typeof AllocationReleases> {
  const results = rows
    .filter((r) => r.releaseId !== null)
    .map((r) => ({
      release_id: r.releaseId!,
      period_no: r.periodNo!,
      release_date: r.releaseDate!,
      amount: formatAmount(r.amount!),
      status: r.status as ReleaseStatusValue,
      unlocked_at: formatDateTime(r.unlockedAt),
      released_at: formatDateTime(r.releasedAt),
      tx_hash: r.txHash,
    }));
  const next = results.find((r) => r.status !== 'released');
  return {
    results,
    summary: {
      total: formatAmount(rows[0]?.total ?? '0'),
      released: formatAmount(rows[0]?.released ?? '0'),
      next_release_date: next?.release_date ?? null,
      next_release_amount: next?.amount ?? null,
    },
  };
}
