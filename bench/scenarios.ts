// The benchmark scenarios and how one is measured: a probe request (404 → the endpoint is not built
// yet: skipped), a warm-up load, then the measured load with database round trips (Neon stand-in
// counter), workerd memory and CPU, and the bench process's own memory and CPU sampled around it.
import { runLoad } from './load.ts';
import type { LoadResult } from './load.ts';
import { sampleProcess, sampleSelf } from './process-stats.ts';
import type { ProcessSample } from './process-stats.ts';

/** Time for requests still in flight at the end of a load to finish before counters are read. */
const SETTLE_MS = 300;

export interface Scenario {
  name: string;
  method: 'GET' | 'PATCH';
  path: string;
  body?: unknown;
  /** Sends the bearer token and site header (everything under /api/v1/). */
  authenticated: boolean;
}

/** In this order: mark-read last, since it changes what the read scenarios see. */
export const SCENARIOS: Scenario[] = [
  { name: 'health (no I/O)', method: 'GET', path: '/health/', authenticated: false },
  { name: 'unread-count', method: 'GET', path: '/api/v1/notifications/unread-count/', authenticated: true },
  { name: 'notifications list', method: 'GET', path: '/api/v1/notifications/?page_size=20', authenticated: true },
  { name: 'allocations balance', method: 'GET', path: '/api/v1/allocations/balance/', authenticated: true },
  { name: 'allocations list', method: 'GET', path: '/api/v1/allocations/', authenticated: true },
  { name: 'mark-read (mark_all)', method: 'PATCH', path: '/api/v1/notifications/mark-read/', body: { mark_all: true }, authenticated: true },
];

export interface ScenarioContext {
  workerUrl: string;
  /** The Neon stand-in's base URL (GET /__stats). */
  neonUrl: string;
  token: string;
  siteCode: string;
  workerdPid: number;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export type ScenarioResult =
  | { name: string; method: string; path: string; status: 'skipped'; reason: string }
  | {
      name: string;
      method: string;
      path: string;
      status: 'measured';
      /** Status of the probe request before the load (e.g. 200, or 401/500 when something is off). */
      probeStatus: number;
      /** Database round trips of one warm request, by its request id (null: no X-Request-ID). */
      probeRoundTrips: number | null;
      /** The probe's body when it was not a 2xx (what went wrong), else absent. */
      probeNote?: string;
      load: LoadResult;
      /** Stand-in round trips during the measured load divided by the requests sent. */
      roundTripsPerRequest: number;
      workerd: { before: ProcessSample; after: ProcessSample; cpuMsPerRequest: number };
      bench: { before: ProcessSample; after: ProcessSample; cpuMsPerRequest: number };
    };

export async function runScenario(ctx: ScenarioContext, scenario: Scenario): Promise<ScenarioResult> {
  const base = { name: scenario.name, method: scenario.method, path: scenario.path };
  const url = new URL(scenario.path, ctx.workerUrl).toString();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (scenario.authenticated) {
    headers.authorization = `Bearer ${ctx.token}`;
    headers['x-site-code'] = ctx.siteCode;
  }
  const body = scenario.body === undefined ? undefined : JSON.stringify(scenario.body);
  if (body !== undefined) headers['content-type'] = 'application/json';

  const probe = async () => {
    const res = await fetch(url, { method: scenario.method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    return { status: res.status, requestId: res.headers.get('x-request-id'), text };
  };
  const first = await probe();
  if (first.status === 404) return { ...base, status: 'skipped', reason: 'not built (404)' };

  const load = { url, method: scenario.method, headers, ...(body !== undefined ? { body } : {}), connections: ctx.connections };
  if (ctx.warmupSeconds > 0) await runLoad({ ...load, durationSeconds: ctx.warmupSeconds });

  const before = { roundTrips: await roundTrips(ctx.neonUrl), workerd: sampleProcess(ctx.workerdPid), bench: sampleSelf() };
  const result = await runLoad({ ...load, durationSeconds: ctx.durationSeconds });
  // Requests in flight when the load stopped still finish in the worker (and reach the database).
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const after = { roundTrips: await roundTrips(ctx.neonUrl), workerd: sampleProcess(ctx.workerdPid), bench: sampleSelf() };

  // One more request with caches warm: its own round-trip count, by request id.
  const last = await probe();
  const probeRoundTrips = last.requestId ? await roundTrips(ctx.neonUrl, last.requestId) : null;

  // Per request SENT: the in-flight ones cost round trips and CPU too, though no response was counted.
  const perRequest = (total: number) => (result.sent > 0 ? total / result.sent : 0);
  return {
    ...base,
    status: 'measured',
    probeStatus: last.status,
    probeRoundTrips,
    ...(last.status >= 300 ? { probeNote: last.text.slice(0, 300) } : {}),
    load: result,
    roundTripsPerRequest: perRequest(after.roundTrips - before.roundTrips),
    workerd: { before: before.workerd, after: after.workerd, cpuMsPerRequest: perRequest(after.workerd.cpuMs - before.workerd.cpuMs) },
    bench: { before: before.bench, after: after.bench, cpuMsPerRequest: perRequest(after.bench.cpuMs - before.bench.cpuMs) },
  };
}

async function roundTrips(neonUrl: string, requestId?: string): Promise<number> {
  const url = new URL('/__stats', neonUrl);
  if (requestId) url.searchParams.set('request_id', requestId);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Neon stand-in ${url} answered ${res.status}`);
  return ((await res.json()) as { roundTrips: number }).roundTrips;
}
