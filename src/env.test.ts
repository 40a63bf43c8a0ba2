import { describe, expect, it } from 'vitest';
import { getSettings, SettingsError } from './env.ts';

const minimal = {
  DATABASE_URL: 'postgres://posx_edge@db/posx',
  UPSTASH_REDIS_REST_URL: 'https://redis.example',
  UPSTASH_REDIS_REST_TOKEN: 't',
  QSTASH_TOKEN: 'q',
  QSTASH_CURRENT_SIGNING_KEY: 'c',
  QSTASH_NEXT_SIGNING_KEY: 'n',
  PUBLIC_BASE_URL: 'https://api.posx.io',
  AUTH0_DOMAIN: 'posx.auth0.com',
  AUTH0_ISSUER: 'https://posx.auth0.com/',
  AUTH0_AUDIENCE: 'https://api.posx.io/',
};

describe('settings', () => {
  it('applies defaults and parses lists and numbers', () => {
    const s = getSettings({ ...minimal, CORS_ALLOWED_ORIGINS: 'https://a.io, https://b.io', AUTH0_JWT_LEEWAY: '60' });
    expect(s.CORS_ALLOWED_ORIGINS).toEqual(['https://a.io', 'https://b.io']);
    expect(s.AUTH0_JWT_LEEWAY).toBe(60);
    expect(s.QSTASH_URL).toBe('https://qstash.upstash.io');
    expect(s.IDEMPOTENCY_KEY_RETENTION_HOURS).toBe(48);
  });

  it('lists every missing or invalid setting in one message', () => {
    const { DATABASE_URL: _, QSTASH_TOKEN: __, ...rest } = minimal;
    try {
      getSettings({ ...rest, AUTH0_JWT_LEEWAY: 'soon', PUBLIC_BASE_URL: '' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SettingsError);
      const message = (e as Error).message;
      for (const name of ['DATABASE_URL: missing', 'QSTASH_TOKEN: missing', 'PUBLIC_BASE_URL: missing', 'AUTH0_JWT_LEEWAY']) {
        expect(message).toContain(name);
      }
      expect((e as SettingsError).problems).toHaveLength(4);
    }
  });

  it('parses once per env object', () => {
    const env = { ...minimal };
    expect(getSettings(env)).toBe(getSettings(env));
  });
});
