import { and, desc, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { allocations, orders } from '../../db/schema/orders.ts';
import { vestingReleases, vestingSchedules } from '../../db/schema/vesting.ts';
import { currentUserId } from '../../db/tx.ts';

/** The list filters (contract §d.7); list, detail and releases honour them, balance does not. */
export interface AllocationFilters {
  status?: string | undefined;
  wallet_address?: string | undefined;
}

/** An allocation reaches its owner and its site only through its order. */
export const orderOfAllocation = eq(orders.orderId, allocations.orderId);

/**
 * The base set `owned(a) ∧ in_site(a)` (contract §d.6): the caller's allocations on this site.
 * RLS already hides other sites; the explicit site predicate stays anyway (decision D4).
 */
export function ownedInSite(siteId: string): SQL {
  return and(eq(orders.buyerId, currentUserId), eq(orders.siteId, siteId))!;
}

/**
 * The base set narrowed by the list filters. Empty values filter nothing (the original tested the
 * parameter for truthiness); the wallet is compared lower-cased, as the app stores it.
 */
export function scopedAllocations(siteId: string, filters: AllocationFilters): SQL {
  return and(
    ownedInSite(siteId),
    filters.status ? eq(allocations.status, filters.status) : undefined,
    filters.wallet_address ? eq(allocations.walletAddress, filters.wallet_address.toLowerCase()) : undefined,
  )!;
}

/** One allocation of the scoped set; `id` is already known to be UUID-shaped. */
export function scopedAllocation(siteId: string, filters: AllocationFilters, id: string): SQL {
  return and(scopedAllocations(siteId, filters), eq(allocations.allocationId, id))!;
}

/**
 * `?ordering=` keys (contract §c.8: the list serializer's model fields; `order__order_id` is the
 * order's id, the same value as `allocations.order_id`).
 */
export const ORDERING_KEYS = {
  allocation_id: allocations.allocationId,
  order__order_id: allocations.orderId,
  wallet_address: allocations.walletAddress,
  token_amount: allocations.tokenAmount,
  released_tokens: allocations.releasedTokens,
  status: allocations.status,
  created_at: allocations.createdAt,
};

/** Newest first (contract §d.6), with the id as tie-breaker so pages never overlap. */
export const DEFAULT_ORDER = [desc(allocations.createdAt), desc(allocations.allocationId)];
/** Appended to a client ordering: rows equal on every requested key keep a stable page order. */
export const TIE_BREAKER = desc(allocations.allocationId);

/**
 * The schedule of an allocation, joined from the allocation side (left join: no schedule is
 * not an error). `allocation_id` is not unique in vesting_schedules, `order_id` is: matching both
 * finds at most the one schedule of the allocation's own order. The site predicate is explicit
 * here too, beside RLS.
 */
export function scheduleOfAllocation(siteId: string): SQL {
  return and(
    eq(vestingSchedules.allocationId, allocations.allocationId),
    eq(vestingSchedules.orderId, allocations.orderId),
    eq(vestingSchedules.siteId, siteId),
  )!;
}

export const releasesOfSchedule = eq(vestingReleases.scheduleId, vestingSchedules.scheduleId);

/**
 * A column or expression as Postgres text: numerics stay exact decimal strings (never a JS number,
 * D7); timestamps read `2025-11-10 10:00:00.123456+00` (the context statement sets TimeZone UTC)
 * and dates `YYYY-MM-DD`, formatted later without a JS Date (which would drop microseconds).
 */
export const asText = <T extends string | null = string>(value: SQLWrapper) => sql<T>`(${value})::text`;

/** The 9 list columns (contract §d.7), as text where formats matter. */
export const listFields = {
  allocationId: allocations.allocationId,
  orderId: allocations.orderId,
  walletAddress: allocations.walletAddress,
  tokenAmount: asText(allocations.tokenAmount),
  releasedTokens: asText(allocations.releasedTokens),
  status: allocations.status,
  createdAt: asText(allocations.createdAt),
};

/** The list columns plus the order's site, buyer, status and creation time (contract §d.8). */
export const detailFields = {
  ...listFields,
  siteId: orders.siteId,
  buyerId: orders.buyerId,
  orderStatus: orders.status,
  orderCreatedAt: asText(orders.createdAt),
  updatedAt: asText(allocations.updatedAt),
};

/** Balance aggregates in SQL numeric: exact at any size (the original overflowed past 12 digits). */
export const balanceFields = {
  total: sql<string>`coalesce(sum(${allocations.tokenAmount}), 0)::text`,
  released: sql<string>`coalesce(sum(${allocations.releasedTokens}), 0)::text`,
  active: sql<number>`(count(*) filter (where ${allocations.status} = 'active'))::int`,
  completed: sql<number>`(count(*) filter (where ${allocations.status} = 'completed'))::int`,
};

/**
 * One row per tranche (or one all-null row when the allocation has no schedule), each carrying the
 * schedule's sums as window aggregates: 404, empty schedule and summary come from one statement.
 */
export const releaseFields = {
  releaseId: vestingReleases.releaseId,
  periodNo: vestingReleases.periodNo,
  releaseDate: asText<string | null>(vestingReleases.releaseDate),
  amount: asText<string | null>(vestingReleases.amount),
  status: vestingReleases.status,
  unlockedAt: asText<string | null>(vestingReleases.unlockedAt),
  releasedAt: asText<string | null>(vestingReleases.releasedAt),
  txHash: vestingReleases.txHash,
  total: sql<string>`coalesce(sum(${vestingReleases.amount}) over (), 0)::text`,
  released: sql<string>`coalesce(sum(${vestingReleases.amount}) filter (where ${vestingReleases.status} = 'released') over (), 0)::text`,
};

/** Tranches in schedule order; the release id only makes duplicates (never expected) deterministic. */
export const RELEASE_ORDER = [vestingReleases.periodNo, vestingReleases.releaseId];
