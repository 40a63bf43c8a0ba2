import type { MiddlewareHandler } from 'hono';
import { getSettings, SettingsError, type Settings } from '../../env.ts';
import type { RequestIdVariables } from '../request-id/index.ts';

/**
 * `settings` is set on every request, except on the `degradable` paths of a misconfigured worker:
 * there `settingsError` says what is wrong instead, so probes can still answer (contract §e).
 */
export type SettingsVariables = { settings: Settings; settingsError?: SettingsError };

export interface SettingsOptions {
  /** Paths that answer without settings (liveness, readiness) rather than fail with a 500. */
  degradable?: readonly string[];
}

/** Parsed settings for every later step; a misconfigured worker fails here with one message. */
export function settings(options: SettingsOptions = {}): MiddlewareHandler<{ Variables: RequestIdVariables & SettingsVariables }> {
  const degradable = new Set(options.degradable ?? []);
  return async function settingsMiddleware(c, next) {
    try {
      c.set('settings', getSettings(c.env as Record<string, unknown>));
    } catch (e) {
      // Slash-less twins too: they answer with their redirect rather than a 500.
      if (!(e instanceof SettingsError) || !(degradable.has(c.req.path) || degradable.has(`${c.req.path}/`))) throw e;
      console.error(JSON.stringify({ level: 'error', msg: 'worker misconfigured', request_id: c.get('requestId'), problems: e.problems }));
      c.set('settingsError', e);
    }
    await next();
  };
}
