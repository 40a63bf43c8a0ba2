import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { currentSiteId } from '../../db/tx.ts';

/**
 * round-half-even(n / d) for non-negative integer numerics n and d > 0, exactly (no float, no
 * `round()`, which rounds half away from zero).
 */
function halfEvenDiv(n: SQL, d: SQL): SQL {
  return sql`(select q + case when 2 * r > dd or (2 * r = dd and mod(q, 2) = 1) then 1 else 0 end
    from (select div(nn, dd) as q, mod(nn, dd) as r, dd
          from (select (${n})::numeric as nn, (${d})::numeric as dd) as operands) as parts)`;
}

export type AllocationFromOrderRow = {
  /** null: no such order in this site. */
  order_status: string | null;
  /** null: the site has no active policy (or not the one asked for). */
  policy_id: string | null;
  /** Why the policy cannot make a schedule for this order; null when it can. */
  problem: string | null;
  allocation_id: string | null;
  schedule_id: string | null;
};

/**
 * A paid order → ONE allocation and its vesting schedule, in one statement; the releases follow in
 * the next statement of the same transaction (releasesStatement), so all of it exists or none of
 * it (contract §a.5, §a.6). Amounts are integers of 10^-6 tokens inside SQL:
 *
 * - total  = Σ order_items.token_amount (the items already include tier and promo bonus tokens);
 * - tge    = total × tge_percent / 100, half-even to 6 places; locked = total − tge (so tge + locked = total);
 * - period 0 (only if tge > 0): tge, release_date today (UTC), `unlocked` with unlocked_at now;
 * - periods 1..N−1: locked / N half-even to 6 places, `locked`;
 * - period N: locked − the sum of periods 1..N−1, so the releases add up to total exactly;
 * - unlock_start_date = today + cliff_months × 30 days; period k is due on
 *   unlock_start_date + (k − 1) × 1 / 7 / 30 days for period_unit day / week / month.
 *
 * Redelivery-safe by construction: an existing allocation (UNIQUE order_id) means nothing is
 * inserted, and a concurrent twin waits on the unique index, then inserts nothing. `problem` names
 * policy/order combinations that cannot make an exact schedule; then nothing is inserted.
 */
export function allocationAndScheduleStatement(db: Db, orderId: string, policyId: string | null) {
  return db.execute<AllocationFromOrderRow>(sql`with
    today as (select (now() at time zone 'UTC')::date as day),
    the_order as (
      select o.order_id, o.site_id, o.buyer_id, o.status, o.wallet_address
      from orders o
      where o.order_id = ${orderId} and o.site_id = ${currentSiteId}
    ),
    existing as (
      select a.allocation_id from allocations a where a.order_id = (select order_id from the_order)
    ),
    policy as (
      select p.policy_id, p.tge_percent, p.cliff_months, p.linear_periods, p.period_unit
      from vesting_policies p
      where p.site_id = ${currentSiteId} and p.is_active and (${policyId}::uuid is null or p.policy_id = ${policyId}::uuid)
      order by p.created_at desc, p.policy_id desc
      limit 1
    ),
    total as (
      select (coalesce(sum(i.token_amount), 0) * 1000000)::numeric as total_u
      from order_items i
      where i.order_id = (select order_id from the_order)
    ),
    split as (
      select p.*, t.total_u, tge.tge_u, t.total_u - tge.tge_u as locked_u
      from policy p
      cross join total t
      cross join lateral (select ${halfEvenDiv(sql`t.total_u * (p.tge_percent * 100)`, sql`10000`)} as tge_u) as tge
    ),
    plan as (
      select s.*,
        case when s.linear_periods > 0 and s.locked_u > 0 then ${halfEvenDiv(sql`s.locked_u`, sql`s.linear_periods`)} else 0 end as per_u,
        d.day as today,
        d.day + s.cliff_months * 30 as start_date,
        case s.period_unit when 'day' then 1 when 'week' then 7 when 'month' then 30 end as step_days
      from split s cross join today d
    ),
    checked as (
      select plan.*,
        plan.locked_u - greatest(plan.linear_periods - 1, 0) * plan.per_u as last_u,
        case
          when plan.total_u <= 0 then 'The order has no tokens.'
          when plan.tge_percent < 0 or plan.tge_percent > 100 then 'The policy''s tge_percent is not between 0 and 100.'
          when plan.cliff_months < 0 then 'The policy''s cliff_months is negative.'
          when plan.step_days is null then 'The policy''s period_unit is not day, week or month.'
          when plan.locked_u > 0 and plan.linear_periods <= 0 then 'The policy has no linear periods for the locked tokens.'
          when plan.locked_u > 0 and plan.locked_u - (plan.linear_periods - 1) * plan.per_u <= 0
            then 'The locked tokens are too few to split into the policy''s linear periods.'
        end as problem
      from plan
    ),
    new_allocation as (
      insert into allocations (allocation_id, order_id, wallet_address, token_amount, released_tokens, status, created_at, updated_at)
      select gen_random_uuid(), o.order_id, lower(o.wallet_address), c.total_u / 1000000, 0, 'active', now(), now()
      from the_order o cross join checked c
      where o.status = 'paid' and c.problem is null and not exists (select 1 from existing)
      on conflict (order_id) do nothing
      returning allocation_id
    ),
    new_schedule as (
      insert into vesting_schedules (schedule_id, site_id, order_id, user_id, allocation_id, policy_id,
                                     total_tokens, tge_tokens, locked_tokens, unlock_start_date, created_at)
      select gen_random_uuid(), o.site_id, o.order_id, o.buyer_id, na.allocation_id, c.policy_id,
             c.total_u / 1000000, c.tge_u / 1000000, c.locked_u / 1000000, c.start_date, now()
      from new_allocation na cross join the_order o cross join checked c
      on conflict (order_id) do nothing
      returning schedule_id
    )
    select o.status as order_status,
           c.policy_id,
           c.problem,
           (select allocation_id from new_allocation) as allocation_id,
           (select schedule_id from new_schedule) as schedule_id
    from (select 1) as one
    left join the_order o on true
    left join checked c on true`);
}

/**
 * The releases of the order's schedule, from the schedule's stored amounts and its policy (the
 * rules above). A separate statement because the releases' RLS check looks up their schedule, which
 * a sibling CTE's insert would not yet show. Only a schedule without releases gets them, and
 * (schedule_id, period_no) is unique: a redelivery inserts nothing.
 */
export function releasesStatement(db: Db, orderId: string) {
  return db.execute<{ releases_created: number }>(sql`with
    schedule as (
      select s.schedule_id, s.tge_tokens * 1000000 as tge_u, s.locked_tokens * 1000000 as locked_u,
             s.unlock_start_date, p.linear_periods,
             case p.period_unit when 'day' then 1 when 'week' then 7 when 'month' then 30 end as step_days
      from vesting_schedules s
      join vesting_policies p on p.policy_id = s.policy_id
      where s.order_id = ${orderId} and s.site_id = ${currentSiteId}
        and not exists (select 1 from vesting_releases r where r.schedule_id = s.schedule_id)
    ),
    plan as (
      select s.*,
        case when s.linear_periods > 0 and s.locked_u > 0 then ${halfEvenDiv(sql`s.locked_u`, sql`s.linear_periods`)} else 0 end as per_u
      from schedule s
    ),
    created as (
      insert into vesting_releases (release_id, schedule_id, period_no, release_date, amount, status,
                                    unlocked_at, created_at, updated_at)
      select gen_random_uuid(), p.schedule_id, k,
             case when k = 0 then (now() at time zone 'UTC')::date else p.unlock_start_date + (k - 1) * p.step_days end,
             case when k = 0 then p.tge_u
                  when k = p.linear_periods then p.locked_u - (p.linear_periods - 1) * p.per_u
                  else p.per_u end / 1000000,
             case when k = 0 then 'unlocked' else 'locked' end,
             case when k = 0 then now() end,
             now(), now()
      from plan p
      cross join lateral generate_series(case when p.tge_u > 0 then 0 else 1 end,
                                         case when p.locked_u > 0 then p.linear_periods else 0 end) as k
      on conflict (schedule_id, period_no) do nothing
      returning 1
    )
    select count(*)::int as releases_created from created`);
}

/**
 * The order's allocation as the transaction sees it NOW. A concurrent twin delivery's allocation is
 * invisible to the first statement's snapshot (it waited on the unique index, then inserted
 * nothing); this later statement sees it, so the twin is reported as a duplicate, not a failure.
 */
export function allocationOfOrderStatement(db: Db, orderId: string) {
  return db.execute<{ allocation_id: string }>(sql`select a.allocation_id from allocations a
    join orders o on o.order_id = a.order_id
    where a.order_id = ${orderId} and o.site_id = ${currentSiteId}`);
}
