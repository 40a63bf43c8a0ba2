// Sites (global, no RLS) and the per-site chain asset configuration (site-scoped).
// Names, types and index names follow the original Django schema (contract §a.1).
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';

export const sites = pgTable(
  'sites',
  {
    siteId: uuid('site_id').primaryKey().default(sql`gen_random_uuid()`),
    code: varchar('code', { length: 20 }).notNull().unique('sites_code_key'),
    name: varchar('name', { length: 100 }).notNull(),
    domain: varchar('domain', { length: 255 }).notNull().unique('sites_domain_key'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('sites_code_168f30_idx').on(t.code),
    index('sites_is_acti_8218b9_idx').on(t.isActive, t.createdAt),
    index('sites_is_active_idx').on(t.isActive),
  ],
);

export const chainAssetConfigs = pgTable(
  'chain_asset_configs',
  {
    configId: uuid('config_id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id').notNull().references(() => sites.siteId),
    // ETH | POLYGON | BSC | TRON (app-level choice, no DB CHECK upstream)
    chain: varchar('chain', { length: 20 }).notNull(),
    tokenSymbol: varchar('token_symbol', { length: 10 }).notNull(),
    tokenDecimals: integer('token_decimals').notNull(),
    fireblocksAssetId: varchar('fireblocks_asset_id', { length: 50 }).notNull(),
    fireblocksVaultId: varchar('fireblocks_vault_id', { length: 10 }).notNull().default('0'),
    // EVM | TRON
    addressType: varchar('address_type', { length: 20 }).notNull().default('EVM'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    unique('chain_asset_configs_site_id_chain_token_symbol_uniq').on(t.siteId, t.chain, t.tokenSymbol),
    index('chain_asset_site_id_dd455f_idx').on(t.siteId, t.isActive),
  ],
);

export type Site = typeof sites.$inferSelect;
export type NewSite = typeof sites.$inferInsert;
export type ChainAssetConfig = typeof chainAssetConfigs.$inferSelect;
export type NewChainAssetConfig = typeof chainAssetConfigs.$inferInsert;
