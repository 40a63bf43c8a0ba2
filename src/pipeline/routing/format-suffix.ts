import { getPath } from 'hono/utils/url';

/**
 * DRF's format-suffix twins of the router's URLs (contract §c.8, §c.10): `balance.json`,
 * `<id>.json/`, `<id>/releases.json`, `.json` for the list — the suffix replaces the route's
 * trailing slash, which then becomes optional. Only the two DRF-routed prefixes have them.
 */
const SUFFIXED = /^(\/api\/v1\/(?:notifications|allocations)\/)((?:[^/.]+\/)?[^/.]+)?\.([a-z0-9]+)\/?$/;

/** The canonical path and the requested format of a suffixed path; null when it has no suffix. */
export function formatSuffix(path: string): { path: string; format: string } | null {
  const match = SUFFIXED.exec(path);
  if (!match) return null;
  const [, prefix, name, format] = match as unknown as [string, string, string | undefined, string];
  return { path: name ? `${prefix}${name}/` : prefix, format };
}

/** Hono's `getPath` that routes a suffixed twin as its canonical URL. */
export function routingPath(request: Request): string {
  const path = getPath(request);
  return formatSuffix(path)?.path ?? path;
}
