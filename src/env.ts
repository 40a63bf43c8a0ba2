import { z } from 'zod';

const integer = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const url = () => z.url({ protocol: /^https?$/ });

/**
 * Every setting the worker reads. `.dev.vars.example` documents each one; in production the
 * secrets are set with `wrangler secret put NAME` and the rest in wrangler.toml [vars].
 */
export const settingsSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string'),
  NEON_FETCH_ENDPOINT: url().optional(),
  DATABASE_TIMEOUT_SECONDS: integer(20, 1),
  UPSTASH_REDIS_REST_URL: url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  QSTASH_URL: url().default('https://qstash.upstash.io'),
  QSTASH_TOKEN: z.string().min(1),
  QSTASH_CURRENT_SIGNING_KEY: z.string().min(1),
  QSTASH_NEXT_SIGNING_KEY: z.string().min(1),
  PUBLIC_BASE_URL: url(),
  AUTH0_DOMAIN: z.string().min(1),
  AUTH0_ISSUER: z.string().min(1),
  AUTH0_AUDIENCE: z.string().min(1),
  AUTH0_JWKS_URL: url().optional(),
  AUTH0_JWT_LEEWAY: integer(10),
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  RATE_LIMIT_USER_PER_MINUTE: integer(120, 1),
  RATE_LIMIT_IP_PER_MINUTE: integer(600, 1),
  SITE_CACHE_TTL_SECONDS: integer(60),
  IDEMPOTENCY_KEY_RETENTION_HOURS: integer(48, 1),
  CUSTODY_MODE: z.enum(['mock']).default('mock'),
  MOCK_TX_COMPLETE_DELAY_SECONDS: integer(3),
});

export type Settings = z.infer<typeof settingsSchema>;
/** What Cloudflare hands the worker: the raw settings (all strings) plus any bindings. */
export type WorkerBindings = Record<string, unknown>;

export class SettingsError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid settings: ${problems.join('; ')}`);
    this.name = 'SettingsError';
    this.problems = problems;
  }
}

const parsed = new WeakMap<object, Settings>();

/**
 * Parses the settings once per isolate (Workers hand every request the same `env` object).
 * Fails with ONE message that lists every missing or invalid setting. Empty strings count as unset.
 */
export function getSettings(env: WorkerBindings): Settings {
  const cached = parsed.get(env);
  if (cached) return cached;
  const raw = Object.fromEntries(
    Object.entries(env).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
  );
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    throw new SettingsError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${raw[String(i.path[0])] === undefined ? 'missing' : i.message}`),
    );
  }
  parsed.set(env, result.data);
  return result.data;
}

/** Where the worker fetches signing keys: `AUTH0_JWKS_URL`, else the tenant's well-known URL. */
export function jwksUrl(settings: Settings): string {
  return settings.AUTH0_JWKS_URL ?? `https://${settings.AUTH0_DOMAIN}/.well-known/jwks.json`;
}
