import { sql } from 'drizzle-orm';
import { runInTransaction } from '../db/tx.ts';
import type { Settings } from '../env.ts';
import { describeError } from './describe-error.ts';

export interface JobSite {
  siteId: string;
  code: string;
}

/**
 * The sites a cross-site job visits: EVERY site, active or not. `sites` is a global table (no RLS),
 * so this one read runs with no site set. Deactivating a site only stops it serving requests; what it
 * already has in flight must still settle — stuck payouts reconciled, due releases unlocked, expired
 * orders cancelled and their units returned — or its money and stock stay stuck.
 */
export async function jobSites(settings: Settings): Promise<JobSite[]> {
  const [result] = await runInTransaction(settings, { siteId: null, readOnly: true }, (db) => [
    db.execute<{ site_id: string; code: string }>(sql`select site_id, code from sites order by code`),
  ] as const);
  return result.rows.map((r) => ({ siteId: r.site_id, code: r.code }));
}

export interface PerSiteOutcome<T> {
  sites: number;
  results: Array<{ site: JobSite; value: T }>;
  failures: Array<{ site: JobSite; error: string }>;
}

/**
 * Runs `work` once per site (active or not, see jobSites), one site after another, each with THAT
 * site's context (the runtime role is never a member of posx_admin: no job bypasses RLS). A failing
 * site is recorded and the next one still runs.
 */
export async function forEachSite<T>(settings: Settings, work: (site: JobSite) => Promise<T>): Promise<PerSiteOutcome<T>> {
  const sites = await jobSites(settings);
  const outcome: PerSiteOutcome<T> = { sites: sites.length, results: [], failures: [] };
  for (const site of sites) {
    try {
      outcome.results.push({ site, value: await work(site) });
    } catch (err) {
      outcome.failures.push({ site, error: describeError(err) });
    }
  }
  return outcome;
}
