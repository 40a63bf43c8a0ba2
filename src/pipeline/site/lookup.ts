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
 * per code per TTL — in their own map, so they can never push a real site out. Both maps are
 * bounded and evict the least recently used entry. They hold plain data, never a client.
 */
const found = new Map<string, { site: Site; expiresAt: number }>();
const missing = new Map<string, { site: null; expiresAt: number }>();
const MAX_ENTRIES = 1000;

function remember<T>(map: Map<string, T>, key: string, entry: T): void {
  map.delete(key); // re-inserted last: Map order is the recency order
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
  map.set(key, entry);
}

export async function findActiveSite(settings: DbSettings, key: Key, ttlSeconds: number): Promise<Site | null> {
  const cacheKey = `${key.by}:${key.value}`;
  const hit = found.get(cacheKey) ?? missing.get(cacheKey);
  if (hit && hit.expiresAt > Date.now()) {
    if (hit.site) remember(found, cacheKey, hit);
    return hit.site;
  }

  const column = key.by === 'code' ? sql`code` : sql`domain`;
  const [result] = await runInTransaction(settings, { siteId: null, readOnly: true }, (db) => [
    db.execute<{ site_id: string; code: string; name: string; domain: string }>(
      sql`select site_id, code, name, domain from sites where ${column} = ${key.value} and is_active limit 1`,
    ),
  ]);
  const row = result.rows[0];
  const expiresAt = Date.now() + ttlSeconds * 1000;
  found.delete(cacheKey);
  missing.delete(cacheKey);
  if (!row) {
    remember(missing, cacheKey, { site: null, expiresAt });
    return null;
  }
  const site = { siteId: row.site_id, code: row.code, name: row.name, domain: row.domain };
  remember(found, cacheKey, { site, expiresAt });
  return site;
}
