import type { TestProject } from 'vitest/node';
import { dropDatabase, prepareDatabase } from '../dev/db/prepare.ts';
import { startStack } from '../dev/stack/index.ts';

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
  const db = await prepareDatabase({ adminUrl: stack.adminUrl, database, fresh: true, log: () => {} });
  project.provide('db', { ...db, database });
  project.provide('stack', {
    adminUrl: stack.adminUrl,
    embeddedPostgres: stack.embeddedPostgres,
    neon: { url: neon.url, fetchEndpoint: neon.fetchEndpoint, wsProxy: neon.wsProxy },
    upstash: { url: upstash.url, token: upstash.token, backend: upstash.backend },
    qstash: { url: qstash.url, token: qstash.token, currentSigningKey: qstash.currentSigningKey, nextSigningKey: qstash.nextSigningKey },
    idp: { url: idp.url, jwksUrl: idp.jwksUrl, issuer: idp.issuer, audience: idp.audience },
  });
  project.provide('workerBindings', {
    ...stack.workerSettings(),
    DATABASE_URL: db.runtimeUrl,
    PUBLIC_BASE_URL: 'http://127.0.0.1:8787',
    CORS_ALLOWED_ORIGINS: 'https://app.posx.test',
    // Generous limits: the suite itself must not trip them (rate-limit tests set their own).
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    RATE_LIMIT_IP_PER_MINUTE: '100000',
  });
  return async () => {
    // On the machine's PostgreSQL the run's database would otherwise accumulate.
    if (!stack.embeddedPostgres) await dropDatabase(stack.adminUrl, database).catch((e) => console.error('drop test database:', e));
    await stack.stop();
  };
}

declare module 'vitest' {
  interface ProvidedContext {
    workerBindings: Record<string, string>;
    stack: StackInfo;
    db: { ownerUrl: string; runtimeUrl: string; database: string };
  }
}
