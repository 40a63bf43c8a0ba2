import type { RouteHandler } from '@hono/zod-openapi';
import { isoformatUtc } from '../../lib/datetime.ts';
import type { AppEnv } from '../../app-env.ts';
import { checkDatabase, checkMigrations, checkRedis, checkRls, withTimeout, type CheckResult } from './checks.ts';
import type * as routes from './routes.ts';

export const health: RouteHandler<typeof routes.health, AppEnv> = (c) =>
  c.json({ status: 'healthy' as const, timestamp: isoformatUtc(new Date()) }, 200);

/** How long one readiness check may take before it counts as failed (load balancers time out too). */
const CHECK_TIMEOUT_MS = 3000;

/** 200 or 503, never 500: each check reports its own failure in its key. */
export const ready: RouteHandler<typeof routes.ready, AppEnv> = async (c) => {
  const settings = c.get('settings');
  const misconfigured = c.get('settingsError');
  const run = (check: (s: typeof settings) => Promise<CheckResult>) =>
    misconfigured ? Promise.resolve(`error: worker misconfigured (${misconfigured.problems.join('; ')})`) : withTimeout(check(settings), CHECK_TIMEOUT_MS);
  const [database, redis, migrations, rls] = await Promise.all([run(checkDatabase), run(checkRedis), run(checkMigrations), run(checkRls)]);
  const healthy = database === 'ok' && redis === 'ok' && migrations === 'ok';
  const body = {
    status: healthy ? ('healthy' as const) : ('unhealthy' as const),
    checks: { database, redis, migrations, rls },
    timestamp: isoformatUtc(new Date()),
  };
  return healthy ? c.json(body, 200) : c.json(body, 503);
};

export const version: RouteHandler<typeof routes.version, AppEnv> = (c) =>
  c.json({ version: 'v1.0.0', codename: 'Foundation', release_date: '2025-11-07', timestamp: isoformatUtc(new Date()) }, 200);
