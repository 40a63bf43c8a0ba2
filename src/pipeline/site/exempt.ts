/** Paths served without a site (contract §c.2), plus POSX Edge's own site-less endpoints. */
const EXEMPT_EXACT = new Set(['/health/', '/ready/', '/version/', '/favicon.ico', '/api/v1/openapi.json', '/api/v1/docs/']);
const EXEMPT_PREFIXES = ['/admin/', '/__debug__/', '/static/', '/media/', '/api/v1/jobs/'];

export function isSiteExempt(path: string): boolean {
  // The slash-less twins of the exempt paths redirect instead of failing the site check
  // (the original answered `GET /health` with 400 invalid_site, contract §i.1 item 28).
  return EXEMPT_EXACT.has(path) || EXEMPT_EXACT.has(`${path}/`) || EXEMPT_PREFIXES.some((p) => path.startsWith(p));
}
