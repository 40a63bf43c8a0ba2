// Tiers, orders, order items and allocations (contract §a.3–§a.5). Site scoping: tiers and
// orders carry site_id; order_items and allocations reach their site through the order.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, numeric, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { sites } from './sites.ts';
import { users } from './users.ts';

export const tiers = pgTable(
  'tiers',
  {
    tierId: uuid('tier_id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id').notNull().references(() => sites.siteId),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description').notNull().default(''),
    listPriceUsd: numeric('list_price_usd', { precision: 18, scale: 6 }).notNull(),
    tokensPerUnit: numeric('tokens_per_unit', { precision: 18, scale: 6 }).notNull(),
    totalUnits: integer('total_units').notNull(),
    soldUnits: integer('sold_units').notNull().default(0),
    availableUnits: integer('available_units').notNull(),
    displayOrder: integer('display_order').notNull().default(0),
    // Optimistic-lock counter.
    version: integer('version').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    bonusTokensPerUnit: numeric('bonus_tokens_per_unit', { precision: 18, scale: 6 }).notNull().default('0'),
    promotionalPriceUsd: numeric('promotional_price_usd', { precision: 18, scale: 6 }),
    promotionValidFrom: timestamp('promotion_valid_from', { withTimezone: true, mode: 'string' }),
    promotionValidUntil: timestamp('promotion_valid_until', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('tiers_site_id_dc0faa_idx').on(t.siteId, t.displayOrder),
    index('tiers_site_id_530428_idx').on(t.siteId, t.isActive),
    index('tiers_is_acti_ad4fea_idx').on(t.isActive, t.createdAt),
  ],
);

export const orders = pgTable(
  'orders',
  {
    orderId: uuid('order_id').primaryKey().default(sql`gen_random_uuid()`),
    // Allocation ownership is decided through this column.
    buyerId: uuid('buyer_id').notNull().references(() => users.userId),
    siteId: uuid('site_id').notNull().references(() => sites.siteId),
    referrerId: uuid('referrer_id').references(() => users.userId),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    stripePaymentIntentId: varchar('stripe_payment_intent_id', { length: 255 }).unique(
      'orders_stripe_payment_intent_id_key',
    ),
    // Unique as the original model intended (its DB lost the constraint: contract §i.1 #26;
    // adoption adds it back only when the data allows).
    idempotencyKey: varchar('idempotency_key', { length: 255 }).unique('orders_idempotency_key_key'),
    listPriceUsd: numeric('list_price_usd', { precision: 18, scale: 6 }).notNull(),
    discountUsd: numeric('discount_usd', { precision: 18, scale: 6 }).notNull().default('0'),
    finalPriceUsd: numeric('final_price_usd', { precision: 18, scale: 6 }).notNull(),
    walletAddress: varchar('wallet_address', { length: 42 }).notNull(),
    chain: varchar('chain', { length: 20 }).notNull().default('ETH'),
    disputed: boolean('disputed').notNull().default(false),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    check('chk_order_status', sql`status IN ('pending', 'paid', 'failed', 'cancelled')`),
    index('orders_buyer_i_b8ddd4_idx').on(t.buyerId, t.createdAt),
    index('orders_site_id_0d854a_idx').on(t.siteId, t.createdAt),
    index('orders_referre_f20239_idx').on(t.referrerId),
    index('orders_status_11db6c_idx').on(t.status, t.createdAt),
    index('orders_dispute_d3a712_idx').on(t.disputed),
    index('orders_chain_idx').on(t.chain),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    itemId: uuid('item_id').primaryKey().default(sql`gen_random_uuid()`),
    orderId: uuid('order_id').notNull().references(() => orders.orderId),
    tierId: uuid('tier_id').notNull().references(() => tiers.tierId),
    quantity: integer('quantity').notNull(),
    unitPriceUsd: numeric('unit_price_usd', { precision: 18, scale: 6 }).notNull(),
    tokenAmount: numeric('token_amount', { precision: 18, scale: 6 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('order_items_order_i_26ad88_idx').on(t.orderId),
    index('order_items_tier_id_b835e2_idx').on(t.tierId),
  ],
);

export const allocations = pgTable(
  'allocations',
  {
    allocationId: uuid('allocation_id').primaryKey().default(sql`gen_random_uuid()`),
    // One allocation per order; the order decides site and owner.
    orderId: uuid('order_id').notNull().unique('allocations_order_id_key').references(() => orders.orderId),
    walletAddress: varchar('wallet_address', { length: 42 }).notNull(),
    tokenAmount: numeric('token_amount', { precision: 18, scale: 6 }).notNull(),
    // Running total paid out on chain; only the release-completion handler changes it.
    releasedTokens: numeric('released_tokens', { precision: 18, scale: 6 }).notNull().default('0'),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    check('chk_allocation_status', sql`status IN ('active', 'completed')`),
    index('allocations_order_i_8cfed5_idx').on(t.orderId),
    index('allocations_status_fe35d6_idx').on(t.status, t.createdAt),
    index('allocations_created_at_idx').on(t.createdAt),
  ],
);

export type Tier = typeof tiers.$inferSelect;
export type NewTier = typeof tiers.$inferInsert;
export type Order = typeof orders.$inferSelect;
export type NewOrder = typeof orders.$inferInsert;
export type OrderItem = typeof orderItems.$inferSelect;
export type NewOrderItem = typeof orderItems.$inferInsert;
export type Allocation = typeof allocations.$inferSelect;
export type NewAllocation = typeof allocations.$inferInsert;
