// The local stack: everything the worker talks to in production (Neon, Upstash Redis, QStash, Auth0),
// stood in for by small local servers in front of a real Postgres and Redis (or in-memory Redis).
// Shared by `npm run dev` (fixed ports) and the test global setup (ephemeral ports).
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './http.ts';
import { startIdP } from './idp.ts';
import type { IdP } from './idp.ts';
import { startNeonStandIn } from './neon/index.ts';
import type { NeonStandIn } from './neon/index.ts';
import { DEFAULT_PG_PORT, startPostgres } from './postgres.ts';
import type { RunningPostgres } from './postgres.ts';
import { startQStashStandIn } from './qstash/index.ts';
import type { QStashStandIn } from './qstash/index.ts';
import { startUpstashStandIn } from './upstash/index.ts';
import type { UpstashStandIn } from './upstash/index.ts';

/** The ports `npm run dev` uses, so URLs stay the same between runs (as in .dev.vars.example). */
export const FIXED_PORTS = { postgres: DEFAULT_PG_PORT, neon: 4444, upstash: 8079, qstash: 8080, idp: 8081 } as const;
/** Same audience as wrangler.toml's AUTH0_AUDIENCE, so local tokens look like production ones. */
export const LOCAL_AUDIENCE = 'http://localhost:8000/api/v1/';

export type StartStackOptions = {
  /** Postgres to use as is (superuser URL); unset → embedded Postgres. */
  databaseUrl?: string;
  /** Redis behind the Upstash stand-in; unset → in-memory (ioredis-mock). */
  redisUrl?: string;
  /** true: the fixed dev ports and the persistent `.data/postgres`; false (tests): ephemeral ports and
   *  a throw-away embedded cluster, so parallel runs and a running `npm run dev` never collide. */
  fixedPorts?: boolean;
  /** QStash retry backoff base (default 1000 ms; tests use a few ms). */
  qstashRetryBaseMs?: number;
  log?: (line: string) => void;
};

export type Stack = {
  /** Superuser URL to database `postgres`. */
  adminUrl: string;
  embeddedPostgres: boolean;
  neon: NeonStandIn;
  upstash: UpstashStandIn;
  qstash: QStashStandIn;
  idp: IdP;
  /** The stand-in part of the worker's settings (names as in src/env.ts). */
  workerSettings(): Record<string, string>;
  stop(): Promise<void>;
};

export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const fixed = options.fixedPorts ?? false;
  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  // Stops in reverse start order and never lets one failure keep the others running.
  const stopAll = async () => {
    for (const { name, stop } of stops.splice(0).reverse()) {
      await stop().catch((err: unknown) => console.error(`[stack] stopping ${name} failed:`, err));
    }
  };
  const started = async <T extends { stop(): Promise<void> }>(name: string, start: Promise<T>): Promise<T> => {
    const piece = await start;
    stops.push({ name, stop: () => piece.stop() });
    return piece;
  };

  try {
    const postgres: RunningPostgres = await started(
      'postgres',
      options.databaseUrl
        ? startPostgres({ databaseUrl: options.databaseUrl })
        : fixed
          ? startPostgres({ port: FIXED_PORTS.postgres })
          : startPostgres({
              // Not mkdtemp: its 0700 folder would keep the `postgres` user out.
              dataDir: path.join(tmpdir(), `posx-pg-${randomBytes(6).toString('hex')}`),
              port: await freePort(),
              removeDataOnStop: true,
            }),
    );
    log(`postgres  ${postgres.embedded ? 'embedded' : 'external'} ${redact(postgres.adminUrl)}`);
    const neon = await started('neon', startNeonStandIn({ port: fixed ? FIXED_PORTS.neon : 0 }));
    log(`neon      ${neon.url} (POST /sql, WebSocket proxy, GET /__stats)`);
    const upstash = await started(
      'upstash',
      startUpstashStandIn({ ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}), port: fixed ? FIXED_PORTS.upstash : 0 }),
    );
    log(`upstash   ${upstash.url} (${upstash.backend === 'redis' ? `Redis ${redact(options.redisUrl ?? '')}` : 'in-memory'})`);
    const qstash = await started(
      'qstash',
      startQStashStandIn({ port: fixed ? FIXED_PORTS.qstash : 0, retryBaseMs: options.qstashRetryBaseMs ?? 1_000 }),
    );
    log(`qstash    ${qstash.url} (GET /__deliveries, /__sink/{name})`);
    const idp = await started('idp', startIdP({ audience: LOCAL_AUDIENCE, port: fixed ? FIXED_PORTS.idp : 0 }));
    log(`idp       ${idp.url} (JWKS ${idp.jwksUrl}, POST /token)`);

    return {
      adminUrl: postgres.adminUrl,
      embeddedPostgres: postgres.embedded,
      neon,
      upstash,
      qstash,
      idp,
      workerSettings: () => ({
        NEON_FETCH_ENDPOINT: neon.fetchEndpoint,
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: upstash.token,
        QSTASH_URL: qstash.url,
        QSTASH_TOKEN: qstash.token,
        QSTASH_CURRENT_SIGNING_KEY: qstash.currentSigningKey,
        QSTASH_NEXT_SIGNING_KEY: qstash.nextSigningKey,
        AUTH0_DOMAIN: new URL(idp.url).host,
        AUTH0_ISSUER: idp.issuer,
        AUTH0_AUDIENCE: idp.audience,
        AUTH0_JWKS_URL: idp.jwksUrl,
      }),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** For logs: never print a password. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
