// What `npm run dev` passes to the worker: defaults < the stack's addresses < environment variables.
import { expect, it } from 'vitest';
import { LOCAL_DEFAULTS, localWorkerSettings } from '../../../dev/stack/settings.ts';

it('layers defaults, stack addresses and environment overrides', () => {
  const { settings, overridden } = localWorkerSettings(
    { UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079', AUTH0_JWKS_URL: 'http://127.0.0.1:8081/jwks', DATABASE_URL: 'postgres://posx_edge@h/db' },
    { AUTH0_JWKS_URL: 'http://127.0.0.1:18999/jwks.json', RATE_LIMIT_IP_PER_MINUTE: '5', UNRELATED: 'x', CORS_ALLOWED_ORIGINS: '' },
  );
  expect(settings.AUTH0_JWKS_URL).toBe('http://127.0.0.1:18999/jwks.json');
  expect(settings.RATE_LIMIT_IP_PER_MINUTE).toBe('5');
  expect(settings.UPSTASH_REDIS_REST_URL).toBe('http://127.0.0.1:8079');
  expect(settings.CORS_ALLOWED_ORIGINS).toBe(LOCAL_DEFAULTS.CORS_ALLOWED_ORIGINS); // empty env value = unset
  expect(settings).not.toHaveProperty('UNRELATED');
  expect(overridden.sort()).toEqual(['AUTH0_JWKS_URL', 'RATE_LIMIT_IP_PER_MINUTE']);
});

it('never lets DATABASE_URL from the environment replace the runtime login', () => {
  const { settings } = localWorkerSettings({ DATABASE_URL: 'postgres://posx_edge@h/posx_edge' }, { DATABASE_URL: 'postgres://postgres@h/postgres' });
  expect(settings.DATABASE_URL).toBe('postgres://posx_edge@h/posx_edge');
});
