import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { call } from '../harness/index.ts';

const PY_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;

type ReadyBody = { status: string; checks: Record<string, string>; timestamp: string };

function probe(path: string, bindings: Record<string, unknown>) {
  return createApp().fetch(new Request(`http://api.posx.test${path}`), bindings, createExecutionContext());
}

async function readyWith(overrides: Record<string, string>) {
  const res = await probe('/ready/', { ...env, ...overrides });
  return { res, body: (await res.json()) as ReadyBody };
}

describe('health, readiness, version (contract §e)', () => {
  it('/health/ answers without I/O', async () => {
    const res = await call('/health/');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['status', 'timestamp']);
    expect(body.status).toBe('healthy');
    expect(body.timestamp).toMatch(PY_ISO);
    expect(res.headers.get('X-Request-ID')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('/ready/ is healthy with every check ok', async () => {
    const res = await call('/ready/');
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ status: 'healthy', checks: { database: 'ok', redis: 'ok', migrations: 'ok', rls: 'ok' } });
    expect(Object.keys(body.checks)).toEqual(['database', 'redis', 'migrations', 'rls']);
  });

  it('/ready/ is 503 naming the database when it is unreachable (never 500)', async () => {
    const { res, body } = await readyWith({ NEON_FETCH_ENDPOINT: 'http://127.0.0.1:9/sql' });
    expect(res.status).toBe(503);
    expect(body.status).toBe('unhealthy');
    expect(body.checks.database).toMatch(/^error: /);
    expect(body.checks.redis).toBe('ok');
  });

  it('/ready/ is 503 naming Redis when it is unreachable', async () => {
    const { res, body } = await readyWith({ UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' });
    expect(res.status).toBe(503);
    expect(body.checks.redis).toMatch(/^error: /);
    expect(body.checks.database).toBe('ok');
    expect(body.checks.migrations).toBe('ok');
  });

  it('/version/', async () => {
    const res = await call('/version/');
    const body = (await res.json()) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['version', 'codename', 'release_date', 'timestamp']);
    expect(body).toMatchObject({ version: 'v1.0.0', codename: 'Foundation', release_date: '2025-11-07' });
  });

  it('/ready/ answers 503 within its check timeout when the database or Redis hangs', async () => {
    const hanging = inject('blackholeUrl');
    const db = await readyWith({ NEON_FETCH_ENDPOINT: `${hanging}/sql` });
    expect(db.res.status).toBe(503);
    expect(db.body.checks).toMatchObject({ database: 'error: no answer within 3 s', migrations: 'error: no answer within 3 s', redis: 'ok' });
    const redis = await readyWith({ UPSTASH_REDIS_REST_URL: hanging });
    expect(redis.res.status).toBe(503);
    expect(redis.body.checks).toMatchObject({ redis: 'error: no answer within 3 s', database: 'ok' });
  });

  it('/ready/ never shows the connection string, password included', async () => {
    const { res, body } = await readyWith({ DATABASE_URL: 'postgres://posx:S3cretPw@bad host/db' });
    expect(res.status).toBe(503);
    expect(body.checks.database).toMatch(/^error: /);
    expect(JSON.stringify(body)).not.toMatch(/S3cretPw/);
  });

  it('a misconfigured worker still answers its probes: /health/ and /version/ 200, /ready/ 503 naming the setting', async () => {
    const { DATABASE_URL: _, ...missing } = env as Record<string, unknown>;
    const broken = { ...missing, UPSTASH_REDIS_REST_URL: 'not a url' };
    expect((await probe('/health/', broken)).status).toBe(200);
    expect((await probe('/version/', broken)).status).toBe(200);
    expect((await probe('/health', broken)).status).toBe(301);
    const res = await probe('/ready/', broken);
    expect(res.status).toBe(503);
    const body = (await res.json()) as ReadyBody;
    expect(body.status).toBe('unhealthy');
    for (const check of ['database', 'redis', 'migrations', 'rls']) {
      expect(body.checks[check]).toMatch(/^error: worker misconfigured \(.*DATABASE_URL: missing.*UPSTASH_REDIS_REST_URL/);
    }
  });
});
