// `npm run dev`: the local stack (Postgres + Neon/Upstash/QStash/Auth0 stand-ins), a prepared and
// (on embedded Postgres) seeded database, `wrangler dev` on http://127.0.0.1:8787 and the cron
// driver. Ctrl-C / SIGTERM stops everything it started.
//
// Environment: DATABASE_URL (superuser URL of a Postgres to use instead of the embedded one; its
// database is migrated, never seeded), REDIS_URL (a Redis behind the Upstash stand-in instead of
// memory), and any worker setting name (src/env.ts) to override what is passed to the worker.
import path from 'node:path';
import { startCronDriver } from './stack/cron.ts';
import type { CronDriver } from './stack/cron.ts';
import { FIXED_PORTS, redact, startStack } from './stack/index.ts';
import type { Stack } from './stack/index.ts';
import { DEFAULT_PG_DATA_DIR, REPO_ROOT } from './stack/postgres.ts';
import { localWorkerSettings } from './stack/settings.ts';
import { startWranglerDev, waitForOk } from './stack/wrangler.ts';
import type { WranglerDev } from './stack/wrangler.ts';

const WORKER_PORT = 8787;
const WORKER_URL = `http://127.0.0.1:${WORKER_PORT}`;
const EMBEDDED_DATABASE = 'posx_edge';
const READY_TIMEOUT_MS = 60_000;

const say = (line: string) => console.log(`[dev] ${line}`);

let stack: Stack | undefined;
let wrangler: WranglerDev | undefined;
let cron: CronDriver | undefined;
let stopping = false;

async function shutdown(code: number, reason: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    say(`${reason}: stopping…`);
    cron?.stop();
    await wrangler?.stop();
    await stack?.stop();
    say('stopped.');
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(130, 'SIGINT'));
process.on('SIGTERM', () => void shutdown(143, 'SIGTERM'));
// Whatever ends this process (including a library's own exit hook), workerd must not outlive it.
process.on('exit', () => wrangler?.killNow());
// `kill <npm pid>`: npm's shell dies without passing the signal on; notice being orphaned and stop.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void shutdown(143, 'parent process exited');
}, 1_000).unref();

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const redisUrl = process.env.REDIS_URL || undefined;

  say('starting the local stack…');
  stack = await startStack({
    fixedPorts: true,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    log: (line) => say(line),
  });

  // With DATABASE_URL the database named in it is used as is (migrated, never seeded);
  // the embedded cluster gets its own `posx_edge` database with demo data.
  const database = databaseUrl ? decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'postgres' : EMBEDDED_DATABASE;
  const { prepareDatabase, seedDemo } = await loadDatabaseTooling();
  // Roles and CREATE DATABASE go through the server's maintenance database: the target may not exist yet.
  const adminUrl = withDatabase(stack.adminUrl, 'postgres');
  const { ownerUrl, runtimeUrl } = await prepareDatabase({ adminUrl, database, log: (l) => say(`db: ${l}`) });
  if (stack.embeddedPostgres) {
    const { inserted } = await seedDemo(ownerUrl);
    const total = Object.values(inserted).reduce((a, b) => a + b, 0);
    say(total > 0 ? `db: seeded demo data (${total} rows)` : 'db: demo data already present');
  }

  const { settings, overridden } = localWorkerSettings({
    ...stack.workerSettings(),
    DATABASE_URL: runtimeUrl,
    PUBLIC_BASE_URL: WORKER_URL,
  });
  if (overridden.length > 0) say(`settings from the environment: ${overridden.join(', ')}`);

  say(`starting wrangler dev on ${WORKER_URL}…`);
  wrangler = startWranglerDev({ port: WORKER_PORT, vars: settings });
  void wrangler.exited.then((code) => {
    if (!stopping) void shutdown(code ?? 1, `wrangler dev exited (code ${code})`);
  });
  const healthy = await waitForOk(`${WORKER_URL}/health/`, READY_TIMEOUT_MS, wrangler.exited);
  if (!healthy) return void shutdown(1, `the worker did not answer ${WORKER_URL}/health/ with 200 within ${READY_TIMEOUT_MS / 1000} s`);

  cron = startCronDriver({ wranglerToml: path.join(REPO_ROOT, 'wrangler.toml'), workerUrl: WORKER_URL, log: say });
  printSummary(stack, database, runtimeUrl, cron.crons);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** dev/db is the data-model tooling; say clearly what is missing instead of a bare import error. */
async function loadDatabaseTooling() {
  try {
    const [{ prepareDatabase }, { seedDemo }] = await Promise.all([import('./db/prepare.ts'), import('./db/seed.ts')]);
    return { prepareDatabase, seedDemo };
  } catch (err) {
    throw new Error(`could not load the database tooling (dev/db/prepare.ts, dev/db/seed.ts): ${String(err)}`);
  }
}

function printSummary(s: Stack, database: string, runtimeUrl: string, crons: string[]): void {
  const where = s.embeddedPostgres
    ? `embedded Postgres 127.0.0.1:${FIXED_PORTS.postgres} (data in ${path.relative(REPO_ROOT, DEFAULT_PG_DATA_DIR)}/, demo data seeded)`
    : `${redact(s.adminUrl)} (migrated, not seeded)`;
  const lines = [
    '',
    `POSX Edge is running at ${WORKER_URL}   (Ctrl-C stops everything)`,
    `  health      ${WORKER_URL}/health/      API reference: ${WORKER_URL}/api/v1/docs/`,
    `  database    ${database} on ${where}`,
    `              worker login: ${redact(runtimeUrl)}`,
    `  neon        ${s.neon.fetchEndpoint} + WebSocket proxy ${s.neon.wsProxy}   round trips: ${s.neon.url}/__stats`,
    `  upstash     ${s.upstash.url} (${s.upstash.backend === 'redis' ? 'Redis' : 'in-memory'})`,
    `  qstash      ${s.qstash.url}   deliveries: ${s.qstash.url}/__deliveries`,
    `  idp         ${s.idp.url}   JWKS: ${s.idp.jwksUrl}`,
    `  crons       ${crons.join(' | ') || '(none in wrangler.toml)'} → ${WORKER_URL}/__scheduled`,
    '',
    'A dev token (RS256 from the local IdP; demo users are dev|alice, dev|bob, dev|agent1 …):',
    `  TOKEN=$(curl -s -X POST ${s.idp.url}/token -H 'content-type: application/json' \\`,
    `    -d '{"claims":{"sub":"dev|alice"}}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    `  curl -H "Authorization: Bearer $TOKEN" -H 'X-Site-Code: NA' ${WORKER_URL}/api/v1/<route>`,
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(`[dev] failed: ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1, 'start failed');
});
