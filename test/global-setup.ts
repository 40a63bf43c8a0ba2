import { createRequire } from 'node:module';
import type { TestProject } from 'vitest/node';
import { dropDatabase, prepareDatabase } from '../dev/db/prepare.ts';
import { freePort, listen, LOOPBACK, sendJson } from '../dev/stack/http.ts';
import { startStack } from '../dev/stack/index.ts';

// Node-only package, loaded as CommonJS (see stack notes on globalSetup imports).
const require = createRequire(import.meta.url);

/** What tests inside workerd need to reach the local stand-ins (must be JSON-serializable). */
export type StackInfo = {
  adminUrl: string;
  embeddedPostgres: boolean;
  neon: { url: string; fetchEndpoint: string; wsProxy: string };
  upstash: { url: string; token: string; backend: 'redis' | 'memory' };
  qstash: { url: string; token: string; currentSigningKey: string; nextSigningKey: string };
  idp: { url: string; jwksUrl: string; issuer: string; audience: string };
};

export default async function setup(project: TestProject) {
  // DATABASE_URL / REDIS_URL select this machine's services; unset → embedded Postgres, in-memory Redis.
  const stack = await startStack({
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
    qstashRetryBaseMs: 20,
  });
  const { neon, upstash, qstash, idp } = stack;
  // A fresh database per run, so reruns and the machine's other databases never interfere.
  const database = `posx_edge_test_${process.pid}`;
  // A failed setup must not leave its stand-ins (and a throw-away embedded cluster) running.
  const db = await prepareDatabase({ adminUrl: stack.adminUrl, database, fresh: true, log: () => {} }).catch(async (err: unknown) => {
    await stack.stop();
    throw err;
  });
  project.provide('db', { ...db, database });
  project.provide('stack', {
    adminUrl: stack.adminUrl,
    embeddedPostgres: stack.embeddedPostgres,
    neon: { url: neon.url, fetchEndpoint: neon.fetchEndpoint, wsProxy: neon.wsProxy },
    upstash: { url: upstash.url, token: upstash.token, backend: upstash.backend },
    qstash: { url: qstash.url, token: qstash.token, currentSigningKey: qstash.currentSigningKey, nextSigningKey: qstash.nextSigningKey },
    idp: { url: idp.url, jwksUrl: idp.jwksUrl, issuer: idp.issuer, audience: idp.audience },
  });
  // QStash delivers jobs to PUBLIC_BASE_URL, which must be a worker listening on a port: the worker
  // inside vitest has none, so the built worker also runs here (wrangler's programmatic dev server).
  const e2ePort = await freePort();
  const e2eWorkerUrl = `http://${LOOPBACK}:${e2ePort}`;
  const workerBindings: Record<string, string> = {
    ...stack.workerSettings(),
    DATABASE_URL: db.runtimeUrl,
    PUBLIC_BASE_URL: e2eWorkerUrl,
    CORS_ALLOWED_ORIGINS: 'https://app.posx.test',
    // Generous limits: the suite itself must not trip them (rate-limit tests set their own).
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    RATE_LIMIT_IP_PER_MINUTE: '100000',
    // Mock custody completes a payout one second later (default 3), through the delayed job path.
    MOCK_TX_COMPLETE_DELAY_SECONDS: '1',
  };
  project.provide('workerBindings', workerBindings);
  const e2eWorker = await startE2eWorker(e2ePort, workerBindings).catch(async (err: unknown) => {
    await stack.stop();
    throw err;
  });
  project.provide('e2eWorkerUrl', e2eWorkerUrl);
  // Accepts requests and never answers: how a hanging database or Redis looks to the worker.
  // `GET /__hits` (the one path it answers) counts the requests left hanging.
  let hits = 0;
  const blackhole = await listen('blackhole', 0, (req, res) => {
    if (req.url === '/__hits') sendJson(res, 200, { hits });
    else hits += 1;
  });
  project.provide('blackholeUrl', blackhole.url);
  return async () => {
    await blackhole.close();
    await e2eWorker.dispose().catch((err: unknown) => console.error('[global-setup] stopping the e2e worker failed:', err));
    // On the machine's PostgreSQL the run's database would otherwise accumulate.
    if (!stack.embeddedPostgres) await dropDatabase(stack.adminUrl, database).catch((e) => console.error('drop test database:', e));
    await stack.stop();
  };
}

/** The worker as `wrangler dev` builds and serves it, on `port`, with exactly `bindings` as settings. */
async function startE2eWorker(port: number, bindings: Record<string, string>) {
  const { unstable_startWorker } = require('wrangler') as typeof import('wrangler');
  const worker = await unstable_startWorker({
    config: new URL('../wrangler.toml', import.meta.url).pathname,
    bindings: Object.fromEntries(Object.entries(bindings).map(([name, value]) => [name, { type: 'plain_text' as const, value }])),
    dev: { server: { hostname: LOOPBACK, port }, inspector: false, persist: false, watch: false, logLevel: 'none' },
  });
  await worker.ready;
  return worker;
}

declare module 'vitest' {
  interface ProvidedContext {
    workerBindings: Record<string, string>;
    stack: StackInfo;
    db: { ownerUrl: string; runtimeUrl: string; database: string };
    /** The built worker listening on a port (PUBLIC_BASE_URL): where QStash delivers jobs. */
    e2eWorkerUrl: string;
    /** An HTTP server that never answers (hanging dependencies); `GET /__hits` counts its requests. */
    blackholeUrl: string;
  }
}
