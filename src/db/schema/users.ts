// Users and wallets: global tables (no RLS), contract §a.2.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, timestamp, uuid, varchar, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    userId: uuid('user_id').primaryKey().default(sql`gen_random_uuid()`),
    // The JWT `sub` claim.
    auth0Sub: varchar('auth0_sub', { length: 255 }).unique('users_auth0_sub_key'),
    // NULLs are distinct, so many users may have no email.
    email: varchar('email', { length: 254 }).unique('users_email_key'),
    referralCode: varchar('referral_code', { length: 20 }).notNull().unique('users_referral_code_key'),
    referrerId: uuid('referrer_id').references((): AnyPgColumn => users.userId),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('users_referra_98b351_idx').on(t.referralCode),
    index('users_email_4b85f2_idx').on(t.email),
    index('users_auth0_s_17cff0_idx').on(t.auth0Sub),
    index('users_is_acti_e3fac2_idx').on(t.isActive, t.createdAt),
    index('users_referrer_id_idx').on(t.referrerId),
  ],
);

export const wallets = pgTable(
  'wallets',
  {
    walletId: uuid('wallet_id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id').notNull().references(() => users.userId),
    // Stored lower-cased by the writer.
    address: varchar('address', { length: 42 }).notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('wallets_user_id_00a1b1_idx').on(t.userId, t.isPrimary),
    index('wallets_created_dceae9_idx').on(t.createdAt),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Wallet = typeof wallets.$inferSelect;
export type NewWallet = typeof wallets.$inferInsert;
