// Load generator, run as its own process by load.ts: autocannon in the bench process would share one
// event loop (and one core) with the Neon/Upstash/IdP stand-ins it is measuring through.
// argv[2]: a LoadRequest as JSON. stdout: a LoadResult as JSON.
import { createRequire } from 'node:module';
import type { LoadRequest, LoadResult } from './load.ts';

/** The part of autocannon's result this harness reads (the package ships no type declarations). */
interface AutocannonResult {
  requests: { total: number; average: number; sent: number };
  latency: { p50: number; p97_5: number; p99: number; max: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const request = JSON.parse(process.argv[2] ?? '{}') as LoadRequest;

const result = await autocannon({
  url: request.url,
  method: request.method,
  headers: request.headers,
  ...(request.body !== undefined ? { body: request.body } : {}),
  connections: request.connections,
  duration: request.durationSeconds,
  timeout: 10,
});

const summary: LoadResult = {
  requests: result.requests.total,
  sent: result.requests.sent,
  durationSeconds: result.duration,
  requestsPerSecond: result.requests.average,
  latencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]),
  ),
};
process.stdout.write(JSON.stringify(summary));
