import { sql } from 'drizzle-orm';
import type { DbSettings } from '../../db/client.ts';
import { runInTransaction } from '../../db/tx.ts';

export interface Site {
  siteId: string;
  code: string;
  name: string;
  domain: string;
}

type Key = { by: 'code' | 'domain'; value: string };

/**
 * Active sites by code or domain, cached per isolate for `ttlSeconds`. Sites change rarely, so most
 * requests need no query for them. Misses are cached too, so a flood of bogus codes costs one query
 * per code per TTL. The cache holds plain data, never a client.
 */
const cache = new Map<string, { site: Site | null; expiresAt: number }>();
const MAX_ENTRIES = 1000;

export async function findActiveSite(settings: DbSettings, key: Key, ttlSeconds: number): Promise<Site | null> {
  const cacheKey = `${key.by}:${key.value}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.expiresAt > Date.now()) return hit.site;

  const column = key.by === 'code' ? sql`code` : sql`domain`;
  const [result] = await runInTransaction(settings, { siteId: null, readOnly: true }, (db) => [
    db.execute<{ site_id: string; code: string; name: string; domain: string }>(
      sql`select site_id, code, name, domain from sites where ${column} = ${key.value} and is_active limit 1`,
    ),
  ]);
  const row = result.rows[0];
  const site = row ? { siteId: row.site_id, code: row.code, name: row.name, domain: row.domain } : null;
  // Least recently stored first out (Map keeps insertion order): a flood of bogus codes cannot
  // evict every real site at once.
  cache.delete(cacheKey);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(cacheKey, { site, expiresAt: Date.now() + ttlSeconds * 1000 });
  return site;
}

/** Tests change sites under a warm cache; production never needs this. */
export function clearSiteCache(): void {
  cache.clear();
}
