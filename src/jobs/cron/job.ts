import type { Settings } from '../../env.ts';
import type { PerSiteOutcome } from '../sites.ts';

/** One cron firing as a job sees it. */
export interface CronRun {
  settings: Settings;
  cron: string;
  /**
   * The firing's scheduled time. Jobs decide what is due against it (not the database clock), so a
   * late run acts exactly as of its schedule and a test can fire the real entry "in 2001" and touch
   * only rows it made that old.
   */
  asOf: Date;
}

/** The counts a job logs in its one summary line. */
export type CronSummary = Record<string, number | string | Record<string, unknown> | unknown[]>;

export interface CronJob {
  name: string;
  run(run: CronRun): Promise<CronSummary>;
}

/**
 * Totals of a per-site job: each count summed over the sites, the same counts by site code, and the
 * sites that failed (with their error) — one line tells what happened where.
 */
export function perSiteSummary(outcome: PerSiteOutcome<Record<string, number>>, countNames: readonly string[]): CronSummary {
  const totals: Record<string, number> = Object.fromEntries(countNames.map((n) => [n, 0]));
  const bySite: Record<string, Record<string, number>> = {};
  for (const { site, value } of outcome.results) {
    for (const n of countNames) totals[n]! += value[n] ?? 0;
    bySite[site.code] = value;
  }
  return {
    ...totals,
    sites: outcome.sites,
    failed_sites: outcome.failures.length,
    by_site: bySite,
    ...(outcome.failures.length > 0 ? { errors: outcome.failures.map((f) => ({ site: f.site.code, error: f.error })) } : {}),
  };
}

/**
 * Repeats `batch` (which handles at most one batch and returns how many rows it handled) until a
 * batch comes back short or `maxBatches` ran: bounded work per firing; the rest waits for the next.
 */
export async function inBatches(batchSize: number, maxBatches: number, batch: () => Promise<number>): Promise<{ handled: number; batches: number; more: boolean }> {
  let handled = 0;
  for (let batches = 1; ; batches++) {
    const n = await batch();
    handled += n;
    if (n < batchSize) return { handled, batches, more: false };
    if (batches >= maxBatches) return { handled, batches, more: true };
  }
}
