import { sql } from 'drizzle-orm';
import { runInTransaction } from '../../db/tx.ts';
import { inBatches, type CronJob } from './job.ts';

const BATCH_SIZE = 1000;
const MAX_BATCHES = 50;

/**
 * Daily (one job for the original's two copies, decision D11): deletes `idempotency_keys` processed
 * more than IDEMPOTENCY_KEY_RETENTION_HOURS (default 48) before the firing. The table is global (no
 * site, no RLS), so this job runs once, with no site set, as posx_app — which may delete from this
 * table and no other.
 */
export const cleanupIdempotencyKeys: CronJob = {
  name: 'cleanup-idempotency-keys',
  async run({ settings, asOf }) {
    const hours = settings.IDEMPOTENCY_KEY_RETENTION_HOURS;
    const cutoff = new Date(asOf.getTime() - hours * 3_600_000).toISOString();
    const { handled, more } = await inBatches(BATCH_SIZE, MAX_BATCHES, async () => {
      const [result] = await runInTransaction(settings, { siteId: null }, (db) => [
        db.execute<{ deleted: number }>(sql`with old as (
            select key_id from idempotency_keys
            where processed_at < ${cutoff}::timestamptz
            order by key_id
            limit ${BATCH_SIZE}
          ), deleted as (
            delete from idempotency_keys k using old where k.key_id = old.key_id
            returning 1
          )
          select count(*)::int as deleted from deleted`),
      ] as const);
      return result.rows[0]!.deleted;
    });
    return { deleted: handled, retention_hours: hours, cutoff, backlog: more ? 1 : 0 };
  },
};
