// Fixtures and helpers shared by the jobs and admin tests: vesting data written as the table owner
// in a site context, signed deliveries made exactly as QStash makes them, and bounded polling.
import { exports } from 'cloudflare:workers';
import { SignJWT } from 'jose';
import { inject } from 'vitest';
import { ownerQuery, ownerSql, stack, type Row, type SiteFixture, type UserFixture } from '../harness/index.ts';
import { waitFor } from '../harness/wait-for.ts';

export const e2eWorkerUrl = () => inject('e2eWorkerUrl');
export const workerBindings = () => inject('workerBindings');
export { waitFor };

// ---------------------------------------------------------------------------------------------
// Fixtures (as posx_owner; FORCE RLS applies, so every site-scoped row is written in its site).

export interface PolicyOptions {
  tgePercent?: string;
  cliffMonths?: number;
  linearPeriods?: number;
  periodUnit?: string;
  isActive?: boolean;
  createdAt?: string;
}

export async function insertPolicy(site: SiteFixture, options: PolicyOptions = {}): Promise<string> {
  const [row] = await ownerQuery(
    site.siteId,
    `insert into vesting_policies (site_id, name, tge_percent, cliff_months, linear_periods, period_unit, is_active, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now())) returning policy_id`,
    [
      site.siteId,
      `policy-${crypto.randomUUID()}`,
      options.tgePercent ?? '10.00',
      options.cliffMonths ?? 0,
      options.linearPeriods ?? 12,
      options.periodUnit ?? 'month',
      options.isActive ?? true,
      options.createdAt ?? null,
    ],
  );
  return row!.policy_id;
}

export interface OrderOptions {
  status?: 'pending' | 'paid' | 'failed' | 'cancelled';
  wallet?: string;
  /** token_amount of each item (decimal strings). */
  items?: string[];
  quantities?: number[];
  expiresAt?: string | null;
  /** the tier's total and sold units; available is total − sold, as the original's Tier.save() keeps it */
  tierUnits?: { total: number; sold: number };
  /** the tier's base and bonus tokens per unit (default 1000 and 0) */
  tierTokens?: { perUnit: string; bonusPerUnit: string };
}

export interface OrderFixture {
  orderId: string;
  tierId: string;
}

/** A tier and an order of `buyer` with one item per entry of `items`. */
export async function insertOrder(site: SiteFixture, buyer: UserFixture, options: OrderOptions = {}): Promise<OrderFixture> {
  const orderId = crypto.randomUUID();
  const tierId = crypto.randomUUID();
  const items = options.items ?? ['1000.000000'];
  const units = options.tierUnits ?? { total: 1000, sold: 100 };
  const tokens = options.tierTokens ?? { perUnit: '1000.000000', bonusPerUnit: '0' };
  await ownerSql(site.siteId, [
    {
      text: `insert into tiers (tier_id, site_id, name, list_price_usd, tokens_per_unit, bonus_tokens_per_unit, total_units, sold_units, available_units)
             values ($1, $2, 'Tier', '100.000000', $5, $6, $3, $4, $3::int - $4::int)`,
      params: [tierId, site.siteId, units.total, units.sold, tokens.perUnit, tokens.bonusPerUnit],
    },
    {
      text: `insert into orders (order_id, buyer_id, site_id, status, list_price_usd, final_price_usd, wallet_address, expires_at)
             values ($1, $2, $3, $4, '100.000000', '100.000000', $5, $6)`,
      params: [orderId, buyer.userId, site.siteId, options.status ?? 'paid', options.wallet ?? '0xAbCdEf0000000000000000000000000000001234', options.expiresAt ?? null],
    },
    ...items.map((amount, i) => ({
      text: `insert into order_items (order_id, tier_id, quantity, unit_price_usd, token_amount) values ($1, $2, $3, '100.000000', $4)`,
      params: [orderId, tierId, options.quantities?.[i] ?? 1, amount],
    })),
  ]);
  return { orderId, tierId };
}

export interface VestingFixture {
  orderId: string;
  allocationId: string;
  scheduleId: string;
  /** release ids by period number */
  releases: string[];
}

export interface ReleaseSpec {
  amount: string;
  status?: 'locked' | 'unlocked' | 'processing' | 'released';
  releaseDate?: string;
  transferId?: string | null;
  updatedAt?: string;
}

/** A paid order with its allocation, schedule and the given releases (period 0, 1, …), written directly. */
export async function insertVesting(site: SiteFixture, buyer: UserFixture, releases: ReleaseSpec[], options: { tokenAmount?: string; releasedTokens?: string } = {}): Promise<VestingFixture> {
  const total = options.tokenAmount ?? '100.000000';
  const { orderId } = await insertOrder(site, buyer, { items: [total] });
  const policyId = await insertPolicy(site, { isActive: false });
  const allocationId = crypto.randomUUID();
  const scheduleId = crypto.randomUUID();
  const releaseIds = releases.map(() => crypto.randomUUID());
  await ownerSql(site.siteId, [
    {
      text: `insert into allocations (allocation_id, order_id, wallet_address, token_amount, released_tokens) values ($1, $2, '0xabcdef0000000000000000000000000000001234', $3, $4)`,
      params: [allocationId, orderId, total, options.releasedTokens ?? '0'],
    },
    {
      text: `insert into vesting_schedules (schedule_id, site_id, order_id, user_id, allocation_id, policy_id, total_tokens, tge_tokens, locked_tokens, unlock_start_date)
             values ($1, $2, $3, $4, $5, $6, $7, 0, $7, current_date)`,
      params: [scheduleId, site.siteId, orderId, buyer.userId, allocationId, policyId, total],
    },
    ...releases.map((r, period) => ({
      text: `insert into vesting_releases (release_id, schedule_id, period_no, release_date, amount, status, fireblocks_tx_id, updated_at)
             values ($1, $2, $3, coalesce($4::date, current_date), $5, $6, $7, coalesce($8::timestamptz, now()))`,
      params: [releaseIds[period], scheduleId, period, r.releaseDate ?? null, r.amount, r.status ?? 'unlocked', r.transferId ?? null, r.updatedAt ?? null],
    })),
  ]);
  return { orderId, allocationId, scheduleId, releases: releaseIds };
}

/**
 * `count` more releases of one schedule in ONE statement (backlog-sized fixtures): periods
 * `firstPeriod`…, each `amount`, `status`, due `releaseDate`; with `transferPrefix`, transfer ids
 * `<prefix><n>`.
 */
export async function insertManyReleases(
  site: SiteFixture,
  scheduleId: string,
  count: number,
  spec: Omit<ReleaseSpec, 'transferId'> & { firstPeriod?: number; transferPrefix?: string },
): Promise<void> {
  await ownerSql(site.siteId, [
    {
      text: `insert into vesting_releases (release_id, schedule_id, period_no, release_date, amount, status, fireblocks_tx_id, updated_at)
             select gen_random_uuid(), $1, $2::int + g, coalesce($3::date, current_date), $4, $5, $6::text || g, coalesce($7::timestamptz, now())
             from generate_series(0, $8::int - 1) as g`,
      params: [scheduleId, spec.firstPeriod ?? 0, spec.releaseDate ?? null, spec.amount, spec.status ?? 'unlocked', spec.transferPrefix ?? null, spec.updatedAt ?? null, count],
    },
  ]);
}

export async function releasesOf(site: SiteFixture, scheduleId: string): Promise<Row[]> {
  return ownerQuery(
    site.siteId,
    `select release_id, period_no, release_date::text as release_date, amount::text as amount, status, unlocked_at, released_at, tx_hash, fireblocks_tx_id
     from vesting_releases where schedule_id = $1 order by period_no`,
    [scheduleId],
  );
}

export async function allocationOf(site: SiteFixture, allocationId: string): Promise<Row | undefined> {
  const [row] = await ownerQuery(site.siteId, `select allocation_id, order_id, wallet_address, token_amount::text as token_amount, released_tokens::text as released_tokens, status from allocations where allocation_id = $1`, [allocationId]);
  return row;
}

export async function releaseOf(site: SiteFixture, releaseId: string): Promise<Row | undefined> {
  const [row] = await ownerQuery(site.siteId, `select release_id, amount::text as amount, status, fireblocks_tx_id, tx_hash, unlocked_at, released_at, updated_at from vesting_releases where release_id = $1`, [releaseId]);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Signed deliveries, made like QStash makes them (and like the stand-in does): HS256 JWT with
// iss "Upstash", sub = destination URL, body = base64url(sha256(raw body)).

export function jobPath(name: string): string {
  return `/api/v1/jobs/${name}/`;
}

export function jobUrl(name: string): string {
  return `${workerBindings().PUBLIC_BASE_URL}${jobPath(name)}`;
}

export interface SignOptions {
  key?: string;
  url?: string;
  /** seconds relative to now */
  issuedAt?: number;
  expiresIn?: number;
  /** hash this instead of the body actually sent */
  signedBody?: string;
}

export async function sign(name: string, body: string, options: SignOptions = {}): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(options.signedBody ?? body)));
  const bodyHash = btoa(String.fromCharCode(...digest)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  const now = Math.floor(Date.now() / 1000) + (options.issuedAt ?? 0);
  return new SignJWT({ body: bodyHash })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('Upstash')
    .setSubject(options.url ?? jobUrl(name))
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (options.expiresIn ?? 300))
    .setJti(`jwt_${crypto.randomUUID()}`)
    .sign(new TextEncoder().encode(options.key ?? stack().qstash.currentSigningKey));
}

/** Delivers a job to the worker under test (in-process), signed unless `signature` is null. */
export async function deliver(name: string, payload: unknown, options: SignOptions & { signature?: string | null; headers?: Record<string, string> } = {}): Promise<Response> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature = options.signature === undefined ? await sign(name, body, options) : options.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Upstash-Message-Id': `msg_test_${crypto.randomUUID()}`, ...options.headers };
  if (signature !== null) headers['Upstash-Signature'] = signature;
  return (exports as any).default.fetch(new Request(`http://worker.internal${jobPath(name)}`, { method: 'POST', headers, body }));
}

export interface Delivery {
  state: 'pending' | 'delivered' | 'failed';
  attempts: { attempt: number; status?: number; error?: string }[];
}

/** The QStash stand-in's record of one message. */
export async function deliveryOf(messageId: string): Promise<Delivery> {
  const res = await fetch(`${stack().qstash.url}/__deliveries?messageId=${messageId}`);
  return (await res.json()) as Delivery;
}

export async function settled(messageId: string, timeoutMs = 15_000): Promise<Delivery> {
  return waitFor(async () => {
    const d = await deliveryOf(messageId);
    return d.state === 'pending' ? undefined : d;
  }, `message ${messageId} to settle`, timeoutMs);
}

/** What order.paid left for `orderId`: allocations, schedules, releases and idempotency records. */
export async function orderPaidEffects(site: SiteFixture, orderId: string) {
  const [row] = await ownerQuery(
    site.siteId,
    `select (select count(*) from allocations where order_id = $1)::int as allocations,
            (select count(*) from vesting_schedules where order_id = $1)::int as schedules,
            (select count(*) from vesting_releases r join vesting_schedules s using (schedule_id) where s.order_id = $1)::int as releases,
            (select count(*) from idempotency_keys where source = 'qstash' and key = 'order.paid:' || $1)::int as records`,
    [orderId],
  );
  return row!;
}
