import { getSettings, type WorkerBindings } from '../../env.ts';
import { describeError } from '../describe-error.ts';
import { cleanupIdempotencyKeys } from './cleanup-idempotency-keys.ts';
import { expirePendingOrders } from './expire-pending-orders.ts';
import type { CronJob, CronRun } from './job.ts';
import { reconcileStuckReleases } from './reconcile-stuck-releases.ts';
import { unlockVestingReleases } from './unlock-vesting-releases.ts';

/**
 * Which jobs each cron trigger runs: the union of the original's two beat schedules minus the
 * duplicate idempotency cleanup (contract §f.1, decision D11). Every expression here must be in
 * wrangler.toml `[triggers] crons`, and vice versa (a test checks both ways). Commission release,
 * monthly statements and agent stats are not ported: their tables are not part of POSX Edge.
 */
export const CRON_SCHEDULE: Readonly<Record<string, readonly CronJob[]>> = {
  // Daily 00:00 UTC: locked releases that are due become unlocked.
  '0 0 * * *': [unlockVestingReleases],
  // Every 5 minutes: stuck payouts are reconciled; unpaid orders past expires_at are cancelled.
  '*/5 * * * *': [reconcileStuckReleases, expirePendingOrders],
  // Daily 02:00 UTC: idempotency keys past their retention are deleted.
  '0 2 * * *': [cleanupIdempotencyKeys],
};

/**
 * Runs every job of one cron firing, concurrently and independently: a job that throws is logged
 * and the others still finish. Each job logs ONE JSON summary line with its counts.
 */
export async function runCron(cron: string, env: WorkerBindings, scheduledTime: number): Promise<void> {
  const asOf = new Date(scheduledTime);
  const jobs = CRON_SCHEDULE[cron];
  if (!jobs) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'cron: no jobs for this trigger', cron, as_of: asOf.toISOString() }));
    return;
  }
  let settings;
  try {
    settings = getSettings(env);
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'cron: worker misconfigured', cron, error: describeError(err) }));
    return;
  }
  await runJobs(jobs, { settings, cron, asOf });
}

/** Runs jobs concurrently; each logs its own summary line, and none can fail another. */
export async function runJobs(jobs: readonly CronJob[], run: CronRun): Promise<void> {
  await Promise.all(jobs.map((job) => runJob(job, run)));
}

async function runJob(job: CronJob, run: CronRun): Promise<void> {
  const started = Date.now();
  const base = { msg: 'cron job', job: job.name, cron: run.cron, as_of: run.asOf.toISOString() };
  try {
    const summary = await job.run(run);
    const failed = typeof summary.failed_sites === 'number' && summary.failed_sites > 0;
    const line = JSON.stringify({ level: failed ? 'error' : 'info', ...base, ...summary, duration_ms: Date.now() - started });
    if (failed) console.error(line);
    else console.log(line);
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', ...base, error: describeError(err), duration_ms: Date.now() - started }));
  }
}

/** The worker's `scheduled` entry: the firing keeps running until every job has finished. */
export const scheduled: ExportedHandlerScheduledHandler<WorkerBindings> = function scheduled(controller, env, ctx) {
  ctx.waitUntil(runCron(controller.cron, env, controller.scheduledTime));
};
