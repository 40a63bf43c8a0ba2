// One pg Pool per connection string the client sends (Neon-Connection-String), so every request runs
// as the login it names (runtime role, owner, superuser…) exactly as it would against Neon.
import { createRequire } from 'node:module';
import type { Pool, PoolConfig } from 'pg';

// Node-only package: loaded with require so vitest's globalSetup never resolves a browser build.
const require = createRequire(import.meta.url);
const pg = require('pg') as typeof import('pg');

// Neon's HTTP API answers every value as Postgres text and the driver parses it with its own type
// parsers, so the stand-in must never convert: one parser returning the raw text for every type oid.
const rawText = (value: string) => value;
const RAW_TEXT_TYPES = { getTypeParser: () => rawText } as unknown as PoolConfig['types'];

export class PoolRegistry {
  private readonly pools = new Map<string, Pool>();

  get(clientConnectionString: string): Pool {
    const connectionString = withoutTlsParams(clientConnectionString);
    let pool = this.pools.get(connectionString);
    if (!pool) {
      pool = new pg.Pool({ connectionString, types: RAW_TEXT_TYPES, max: 20, idleTimeoutMillis: 30_000 });
      // An idle connection dropped by the server must not crash the stand-in; the pool replaces it.
      // 57P01 (terminated by DROP DATABASE … FORCE or a server shutdown) is expected, not news.
      pool.on('error', (err: Error & { code?: string }) => {
        if (err.code !== '57P01') console.error('[neon stand-in] idle connection error:', err.message);
      });
      this.pools.set(connectionString, pool);
    }
    return pool;
  }

  async closeAll(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(pools.map((p) => p.end()));
  }
}

/**
 * Neon URLs carry `sslmode=require` (and `channel_binding`), meaningful between Neon's proxy and the
 * client. The stand-in talks plain TCP to a local Postgres, so those parameters are dropped.
 */
function withoutTlsParams(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    for (const param of ['sslmode', 'channel_binding', 'sslrootcert']) url.searchParams.delete(param);
    return url.toString();
  } catch {
    return connectionString; // let pg report the malformed string
  }
}
