// The worker settings `npm run dev` passes to wrangler: local defaults, then the stack's own
// addresses, then environment variables of the same names (so an operator can point the local
// worker anywhere, e.g. AUTH0_JWKS_URL=… npm run dev). Every setting is passed with --var, so a
// .dev.vars file (meant for running `wrangler dev` by hand) never mixes in.
import { settingsSchema } from '../../src/env.ts';

/** Every setting the worker reads: the names of its settings schema, so the two never drift. */
export const SETTING_NAMES = Object.keys(settingsSchema.shape) as (keyof typeof settingsSchema.shape)[];

export const LOCAL_DEFAULTS: Record<string, string> = {
  AUTH0_JWT_LEEWAY: '10',
  CORS_ALLOWED_ORIGINS: 'http://localhost:3000,http://127.0.0.1:3000',
  RATE_LIMIT_USER_PER_MINUTE: '120',
  RATE_LIMIT_IP_PER_MINUTE: '600',
  SITE_CACHE_TTL_SECONDS: '60',
  IDEMPOTENCY_KEY_RETENTION_HOURS: '48',
  CUSTODY_MODE: 'mock',
  MOCK_TX_COMPLETE_DELAY_SECONDS: '3',
};

/**
 * `DATABASE_URL` in the environment is NOT a worker override: it selects the Postgres the stack
 * prepares (dev.ts), and the worker gets that database's runtime login instead.
 */
const NOT_FROM_ENV = new Set(['DATABASE_URL']);

export function localWorkerSettings(
  fromStack: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): { settings: Record<string, string>; overridden: string[] } {
  const settings: Record<string, string> = { ...LOCAL_DEFAULTS, ...fromStack };
  const overridden: string[] = [];
  for (const name of SETTING_NAMES) {
    const value = env[name];
    if (NOT_FROM_ENV.has(name) || value === undefined || value === '') continue;
    settings[name] = value;
    overridden.push(name);
  }
  return { settings, overridden };
}
