import type { MiddlewareHandler } from 'hono';
import { getSettings, type Settings } from '../../env.ts';

export type SettingsVariables = { settings: Settings };

/** Parsed settings for every later step; a misconfigured worker fails here with one message. */
export function settings(): MiddlewareHandler<{ Variables: SettingsVariables }> {
  return async function settingsMiddleware(c, next) {
    c.set('settings', getSettings(c.env as Record<string, unknown>));
    await next();
  };
}
