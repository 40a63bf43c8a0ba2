// Vesting policies, schedules and releases (contract §a.6). These drive
// allocations.released_tokens. Unlike the original, they are under RLS (see drizzle/ security
// migration): policies and schedules by site_id, releases through their schedule.
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, numeric, pgTable, text, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { allocations, orders } from './orders.ts';
import { sites } from './sites.ts';
import { users } from './users.ts';

export const vestingPolicies = pgTable(
  'vesting_policies',
  {
    policyId: uuid('policy_id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id').notNull().references(() => sites.siteId),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description').notNull().default(''),
    // 0–100 (app-level validation only).
    tgePercent: numeric('tge_percent', { precision: 5, scale: 2 }).notNull(),
    cliffMonths: integer('cliff_months').notNull().default(0),
    linearPeriods: integer('linear_periods').notNull(),
    // day | week | month
    periodUnit: varchar('period_unit', { length: 10 }).notNull().default('month'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [unique('vesting_policies_site_id_name_uniq').on(t.siteId, t.name)],
);

export const vestingSchedules = pgTable(
  'vesting_schedules',
  {
    scheduleId: uuid('schedule_id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id').notNull().references(() => sites.siteId),
    orderId: uuid('order_id').notNull().unique('vesting_schedules_order_id_key').references(() => orders.orderId),
    userId: uuid('user_id').notNull().references(() => users.userId),
    allocationId: uuid('allocation_id').notNull().references(() => allocations.allocationId),
    policyId: uuid('policy_id').notNull().references(() => vestingPolicies.policyId),
    totalTokens: numeric('total_tokens', { precision: 18, scale: 6 }).notNull(),
    tgeTokens: numeric('tge_tokens', { precision: 18, scale: 6 }).notNull(),
    lockedTokens: numeric('locked_tokens', { precision: 18, scale: 6 }).notNull(),
    unlockStartDate: date('unlock_start_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('vesting_sch_site_id_98f760_idx').on(t.siteId, t.userId),
    index('vesting_sch_unlock__3a54b3_idx').on(t.unlockStartDate),
    index('vesting_schedules_user_id_idx').on(t.userId),
    index('vesting_schedules_allocation_id_idx').on(t.allocationId),
    index('vesting_schedules_policy_id_idx').on(t.policyId),
  ],
);

export const vestingReleases = pgTable(
  'vesting_releases',
  {
    releaseId: uuid('release_id').primaryKey().default(sql`gen_random_uuid()`),
    scheduleId: uuid('schedule_id').notNull().references(() => vestingSchedules.scheduleId),
    // 0 is the TGE tranche.
    periodNo: integer('period_no').notNull(),
    releaseDate: date('release_date', { mode: 'string' }).notNull(),
    amount: numeric('amount', { precision: 18, scale: 6 }).notNull(),
    // locked | unlocked | processing | released (no DB CHECK upstream)
    status: varchar('status', { length: 20 }).notNull().default('locked'),
    // numeric(24,6) as upstream (overflows at 18 decimals: contract §i.1 #16).
    chainAmount: numeric('chain_amount', { precision: 24, scale: 6 }),
    fireblocksTxId: varchar('fireblocks_tx_id', { length: 100 }),
    txHash: varchar('tx_hash', { length: 100 }),
    unlockedAt: timestamp('unlocked_at', { withTimezone: true, mode: 'string' }),
    releasedAt: timestamp('released_at', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    unique('vesting_releases_schedule_id_period_no_uniq').on(t.scheduleId, t.periodNo),
    index('vesting_rel_status_5d5327_idx').on(t.status, t.unlockedAt),
    index('vesting_rel_fireblo_9b5e62_idx').on(t.fireblocksTxId),
    index('vesting_rel_release_b09dd0_idx').on(t.releaseDate),
  ],
);

export type VestingPolicy = typeof vestingPolicies.$inferSelect;
export type NewVestingPolicy = typeof vestingPolicies.$inferInsert;
export type VestingSchedule = typeof vestingSchedules.$inferSelect;
export type NewVestingSchedule = typeof vestingSchedules.$inferInsert;
export type VestingRelease = typeof vestingReleases.$inferSelect;
export type NewVestingRelease = typeof vestingReleases.$inferInsert;
