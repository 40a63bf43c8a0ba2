// Neon's WebSocket protocol (Pool/Client) through the stand-in's WebSocket-to-TCP proxy.
import { Pool, neonConfig } from '@neondatabase/serverless';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createScratchDatabase, stack } from './support.ts';

// Plain ws:// to the local proxy, no TLS inside; pipelineConnect must be off for non-cleartext auth.
neonConfig.wsProxy = stack.neon.wsProxy;
neonConfig.useSecureWebSocket = false;
neonConfig.pipelineTLS = false;
neonConfig.pipelineConnect = false;

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  neonConfig.fetchEndpoint = stack.neon.fetchEndpoint;
  scratch = await createScratchDatabase();
});

afterAll(async () => {
  await scratch?.drop();
});

// A Pool must be created, used and ended inside one request (workerd forbids cross-request I/O).
async function withPool<T>(use: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: scratch.url });
  try {
    return await use(pool);
  } finally {
    await pool.end();
  }
}

it('runs an interactive transaction over a pooled WebSocket connection', async () => {
  await withPool(async (pool) => {
    const client = await pool.connect();
    try {
      await client.query('CREATE TABLE standin_ws (id int PRIMARY KEY, amount numeric(18,6))');
      await client.query('BEGIN');
      await client.query('INSERT INTO standin_ws VALUES ($1, $2)', [1, '10.500000']);
      const { rows } = await client.query('SELECT id, amount FROM standin_ws');
      expect(rows).toEqual([{ id: 1, amount: '10.500000' }]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });
});

it('rolls back an interactive transaction and surfaces the Postgres error code', async () => {
  await withPool(async (pool) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO standin_ws VALUES (2, 1)');
      const err = await client.query('INSERT INTO standin_ws VALUES (1, 1)').catch((e: unknown) => e);
      expect((err as { code?: string }).code).toBe('23505');
      await client.query('ROLLBACK');
      const { rows } = await client.query('SELECT id FROM standin_ws ORDER BY id');
      expect(rows).toEqual([{ id: 1 }]);
    } finally {
      client.release();
    }
  });
});

it('refuses proxy targets that are not loopback', async () => {
  const res = await fetch(`http://${stack.neon.wsProxy}/?address=example.com:5432`, { headers: { Upgrade: 'websocket' } });
  expect(res.status).toBe(400);
});
