// Processed webhook/event keys (contract §a.8): global, target of the cleanup job.
import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, timestamp, unique, varchar } from 'drizzle-orm/pg-core';

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    // bigserial; ids stay far below 2^53, and nothing exposes them.
    keyId: bigserial('key_id', { mode: 'number' }).primaryKey(),
    key: varchar('key', { length: 200 }).notNull(),
    // stripe | fireblocks
    source: varchar('source', { length: 50 }).notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    payload: jsonb('payload'),
  },
  (t) => [
    unique('idempotency_keys_source_key_uniq').on(t.source, t.key),
    index('idempotency_source_9a2bab_idx').on(t.source, t.key),
    index('idempotency_process_90c0da_idx').on(t.processedAt),
  ],
);

export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
export type NewIdempotencyKey = typeof idempotencyKeys.$inferInsert;
