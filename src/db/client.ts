import { AsyncLocalStorage } from 'node:async_hooks';
import { neon, neonConfig } from '@neondatabase/serverless';
import { drizzle, type NeonHttpDatabase } from 'drizzle-orm/neon-http';

/** Settings the database layer reads (a subset of the worker's settings). */
export interface DbSettings {
  DATABASE_URL: string;
  /** Local only: the Neon stand-in's `/sql` endpoint. Unset in production (Neon's own endpoint). */
  NEON_FETCH_ENDPOINT?: string | undefined;
  /** How long one round trip may take before it fails (default 20): a hanging database must not hold requests. */
  DATABASE_TIMEOUT_SECONDS?: number | undefined;
}

const DEFAULT_TIMEOUT_SECONDS = 20;

export type Db = NeonHttpDatabase<Record<string, never>>;

/** Per-request accounting of database round trips (one Neon HTTP request = one round trip). */
export interface DbRoundTrips {
  requestId: string;
  count: number;
}

const roundTrips = new AsyncLocalStorage<DbRoundTrips>();

/** Runs `fn` with round-trip accounting bound to `stats` (the request-id middleware does this). */
export function withRoundTripAccounting<T>(stats: DbRoundTrips, fn: () => T): T {
  return roundTrips.run(stats, fn);
}

let configuredEndpoint: string | undefined;

/**
 * Configures the Neon driver once per isolate. `neonConfig` is the driver's global configuration,
 * not a connection: the fetch wrapper counts round trips for the current request and tags them with
 * the request id, so logs (and the local stand-in) can attribute every query to a request.
 */
function configureDriver(settings: DbSettings): void {
  if (configuredEndpoint === (settings.NEON_FETCH_ENDPOINT ?? '')) return;
  configuredEndpoint = settings.NEON_FETCH_ENDPOINT ?? '';
  if (settings.NEON_FETCH_ENDPOINT) neonConfig.fetchEndpoint = settings.NEON_FETCH_ENDPOINT;
  neonConfig.fetchFunction = function countedFetch(input: RequestInfo | URL, init?: RequestInit) {
    const stats = roundTrips.getStore();
    if (!stats) return fetch(input, init);
    stats.count += 1;
    const headers = new Headers(init?.headers);
    headers.set('X-Request-ID', stats.requestId);
    return fetch(input, { ...init, headers });
  };
}

/**
 * A drizzle database over Neon's HTTP endpoint. Cheap to create (no connection is opened), so it is
 * created per call: a Worker must not keep clients at module scope. A read-only transaction runs
 * REPEATABLE READ, so all of its statements see one snapshot (a page and its `count` agree even
 * while rows are written); for a read-only transaction that costs nothing and can never fail.
 */
export function createDb(settings: DbSettings, options: { readOnly: boolean }): Db {
  configureDriver(settings);
  const fetchOptions = { signal: AbortSignal.timeout((settings.DATABASE_TIMEOUT_SECONDS ?? DEFAULT_TIMEOUT_SECONDS) * 1000) };
  const client = neon(settings.DATABASE_URL, {
    fetchOptions,
    ...(options.readOnly ? { readOnly: true, isolationLevel: 'RepeatableRead' as const } : { readOnly: false }),
  });
  return drizzle({ client });
}
