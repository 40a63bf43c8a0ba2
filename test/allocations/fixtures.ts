// Allocation fixtures written as the table owner inside a site context (FORCE RLS applies to the
// owner too, so every row is written under the site it belongs to). Amounts travel as strings.
import { call, ownerSql, superuserSql, tokenFor, type SiteFixture, type UserFixture } from '../harness/index.ts';

export interface AllocationSpec {
  site: SiteFixture;
  buyer: { userId: string };
  tokenAmount: string;
  releasedTokens?: string;
  status?: 'active' | 'completed';
  /** Stored as given: the app lower-cases on save, so tests pass lower case unless testing that. */
  wallet?: string;
  orderStatus?: 'pending' | 'paid' | 'failed' | 'cancelled';
  /** timestamptz literal; defaults to now(). */
  createdAt?: string;
  updatedAt?: string;
  orderCreatedAt?: string;
}

export interface CreatedAllocation {
  allocationId: string;
  orderId: string;
  site: SiteFixture;
}

export const WALLET = '0xab5801a7d398351b8be11c439e05c5b3259aec9b';

/** An order of `buyer` on `site` and its allocation (one per order). */
export async function createAllocation(spec: AllocationSpec): Promise<CreatedAllocation> {
  const orderId = crypto.randomUUID();
  const allocationId = crypto.randomUUID();
  const wallet = spec.wallet ?? WALLET;
  await ownerSql(spec.site.siteId, [
    {
      text: `insert into orders (order_id, buyer_id, site_id, status, list_price_usd, discount_usd, final_price_usd,
               wallet_address, chain, disputed, created_at, updated_at)
             values ($1, $2, $3, $4, '100.000000', '0', '100.000000', $5, 'ETH', false,
               coalesce($6::timestamptz, now()), coalesce($6::timestamptz, now()))`,
      params: [orderId, spec.buyer.userId, spec.site.siteId, spec.orderStatus ?? 'paid', wallet.toLowerCase(), spec.orderCreatedAt ?? null],
    },
    {
      text: `insert into allocations (allocation_id, order_id, wallet_address, token_amount, released_tokens, status,
               created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now()), coalesce($8::timestamptz, $7::timestamptz, now()))`,
      params: [
        allocationId,
        orderId,
        wallet,
        spec.tokenAmount,
        spec.releasedTokens ?? '0',
        spec.status ?? 'active',
        spec.createdAt ?? null,
        spec.updatedAt ?? null,
      ],
    },
  ]);
  return { allocationId, orderId, site: spec.site };
}

/** A fresh active buyer with a real token, for scenarios that need a balance of their own. */
export async function createBuyer(label: string): Promise<UserFixture> {
  const userId = crypto.randomUUID();
  const sub = `test|${label}-${userId.slice(0, 8)}`;
  await ownerSql(null, [
    {
      text: `insert into users (user_id, auth0_sub, email, referral_code, is_active, created_at, updated_at)
             values ($1, $2, null, $3, true, now(), now())`,
      params: [userId, sub, `T-${userId.slice(0, 8).toUpperCase()}`],
    },
  ]);
  return { userId, sub, token: await tokenFor(sub) };
}

export interface ReleaseSpec {
  periodNo: number;
  releaseDate: string;
  amount: string;
  status?: 'locked' | 'unlocked' | 'processing' | 'released';
  unlockedAt?: string | null;
  releasedAt?: string | null;
  txHash?: string | null;
}

/** A vesting policy, a schedule for `allocation` and its releases (ids returned in period order). */
export async function createSchedule(
  allocation: CreatedAllocation,
  buyer: { userId: string },
  amounts: { total: string; tge: string; locked: string; tgePercent: string; periods: number },
  releases: ReleaseSpec[],
  /** `scheduleSite`: file the schedule under another site; `superuser`: write past RLS (legacy data). */
  options: { scheduleSite?: SiteFixture; superuser?: boolean } = {},
): Promise<{ scheduleId: string; releaseIds: string[] }> {
  const site = options.scheduleSite ?? allocation.site;
  const policyId = crypto.randomUUID();
  const scheduleId = crypto.randomUUID();
  const releaseIds = releases.map(() => crypto.randomUUID());
  const write = (statements: { text: string; params: unknown[] }[]) => (options.superuser ? superuserSql(statements) : ownerSql(site.siteId, statements));
  await write([
    {
      text: `insert into vesting_policies (policy_id, site_id, name, tge_percent, cliff_months, linear_periods, period_unit)
             values ($1, $2, $3, $4, 0, $5, 'month')`,
      params: [policyId, site.siteId, `policy ${policyId}`, amounts.tgePercent, amounts.periods],
    },
    {
      text: `insert into vesting_schedules (schedule_id, site_id, order_id, user_id, allocation_id, policy_id,
               total_tokens, tge_tokens, locked_tokens, unlock_start_date)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      params: [scheduleId, site.siteId, allocation.orderId, buyer.userId, allocation.allocationId, policyId,
        amounts.total, amounts.tge, amounts.locked, releases[0]?.releaseDate ?? '2026-01-01'],
    },
    ...releases.map((r, i) => ({
      text: `insert into vesting_releases (release_id, schedule_id, period_no, release_date, amount, status,
               unlocked_at, released_at, tx_hash)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      params: [releaseIds[i], scheduleId, r.periodNo, r.releaseDate, r.amount, r.status ?? 'locked',
        r.unlockedAt ?? null, r.releasedAt ?? null, r.txHash ?? null],
    })),
  ]);
  return { scheduleId, releaseIds };
}

/** Fixtures take many owner round trips, and a file's first request pays JWKS and site lookups. */
export const SETUP_TIMEOUT_MS = 30_000;

/**
 * One request per site before the tests: this isolate's JWKS and site caches are filled, so no
 * test pays a cold start and round-trip counts see only the request's own transaction.
 */
export async function warmUp(t: { a: SiteFixture; b: SiteFixture; alice: { token: string } }): Promise<void> {
  for (const site of [t.a, t.b]) await call('/api/v1/allocations/balance/', { site: site.code, token: t.alice.token });
}

/** GET as `user` on `site`; the parsed body and the response. */
export async function get(path: string, site: SiteFixture, user: { token: string }) {
  const res = await call(path, { site: site.code, token: user.token });
  const text = await res.text();
  return { res, status: res.status, text, body: text ? JSON.parse(text) : null };
}

export const LIST_KEYS = [
  'allocation_id', 'order_id', 'wallet_address', 'token_amount', 'released_tokens', 'pending_tokens',
  'release_progress', 'status', 'created_at',
];
export const DETAIL_KEYS = [
  'allocation_id', 'order_id', 'site_id', 'buyer_id', 'wallet_address', 'token_amount', 'released_tokens',
  'pending_tokens', 'release_progress', 'status', 'order_status', 'order_created_at', 'created_at', 'updated_at',
];
export const BALANCE_KEYS = [
  'total_tokens', 'released_tokens', 'pending_tokens', 'active_allocations', 'completed_allocations', 'release_progress',
];
export const RELEASE_KEYS = [
  'release_id', 'period_no', 'release_date', 'amount', 'status', 'unlocked_at', 'released_at', 'tx_hash',
];
export const SUMMARY_KEYS = ['total', 'released', 'next_release_date', 'next_release_amount'];
