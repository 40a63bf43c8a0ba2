import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { call } from '../harness/index.ts';

const PY_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;

async function readyWith(overrides: Record<string, string>) {
  const res = await createApp().fetch(new Request('http://api.posx.test/ready/'), { ...env, ...overrides }, createExecutionContext());
  return { res, body: (await res.json()) as { status: string; checks: Record<string, string>; timestamp: string } };
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
});
