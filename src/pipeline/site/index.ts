import type { MiddlewareHandler } from 'hono';
import type { SettingsVariables } from '../settings/index.ts';
import { isSiteExempt } from './exempt.ts';
import { findActiveSite, type Site } from './lookup.ts';

export type { Site } from './lookup.ts';
export { isSiteExempt } from './exempt.ts';
export type SiteVariables = { site: Site };

const INVALID_SITE_MESSAGE =
  'The site cannot be identified: send a valid X-Site-Code header or use the site\'s domain.';

/**
 * Resolves the site (contract §c.2): a non-empty `X-Site-Code` wins (exact, case-sensitive,
 * active only, no fallback to Host); otherwise the Host's domain without the port. Failure is the
 * original's 400 `{"error":"invalid_site",…}` — deliberately not the error envelope.
 */
export function site(): MiddlewareHandler<{ Variables: SettingsVariables & SiteVariables }> {
  return async function siteMiddleware(c, next) {
    if (isSiteExempt(c.req.path)) return next();
    const settings = c.get('settings');
    const code = c.req.header('X-Site-Code');
    const host = (c.req.header('Host') ?? new URL(c.req.url).host).split(':')[0]!.toLowerCase();
    const found = code
      ? await findActiveSite(settings, { by: 'code', value: code }, settings.SITE_CACHE_TTL_SECONDS)
      : host
        ? await findActiveSite(settings, { by: 'domain', value: host }, settings.SITE_CACHE_TTL_SECONDS)
        : null;
    if (!found) return c.json({ error: 'invalid_site', message: INVALID_SITE_MESSAGE }, 400);
    c.set('site', found);
    await next();
  };
}
