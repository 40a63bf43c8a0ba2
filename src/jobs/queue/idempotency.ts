import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/** `idempotency_keys.source` of processed job deliveries (beside the original's stripe/fireblocks). */
export const JOB_IDEMPOTENCY_SOURCE = 'qstash';

/**
 * Records that job `key` was processed, in the SAME transaction as its effect (the statement runs
 * after the effect's statement and sees it). `when` limits the record to deliveries that found
 * their subject; a key already recorded stays as first written. The daily cleanup removes records
 * after the retention period — the effects themselves stay idempotent by their unique keys.
 */
export function recordJobStatement(db: Db, key: string, payload: unknown, when: SQL) {
  return db.execute<{ recorded: boolean }>(sql`with recorded as (
      insert into idempotency_keys (key, source, processed_at, payload)
      select ${key}, ${JOB_IDEMPOTENCY_SOURCE}, now(), ${JSON.stringify(payload)}::jsonb
      where ${when}
      on conflict (source, key) do nothing
      returning 1
    )
    select exists (select 1 from recorded) as recorded`);
}
