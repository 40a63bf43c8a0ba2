// The embedded Postgres: initialised once, data survives a restart, stop() is safe to repeat.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { freePort } from '../../../dev/stack/http.ts';
import { startPostgres } from '../../../dev/stack/postgres.ts';

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

it('uses DATABASE_URL as is and never stops it', async () => {
  const running = await startPostgres({ databaseUrl: 'postgres://someone@127.0.0.1:1/db' });
  expect(running).toMatchObject({ adminUrl: 'postgres://someone@127.0.0.1:1/db', embedded: false });
  await running.stop();
});

it('keeps embedded data across restarts (trust auth on loopback, superuser postgres)', { timeout: 60_000 }, async () => {
  const dataDir = path.join(tmpdir(), `posx-pg-test-${randomBytes(4).toString('hex')}`);
  const port = await freePort();
  const first = await startPostgres({ dataDir, port });
  expect(first.adminUrl).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);
  await query(first.adminUrl, 'CREATE TABLE standin_kept (v text); INSERT INTO standin_kept VALUES (\'still here\')');
  await first.stop();
  await first.stop(); // idempotent

  const second = await startPostgres({ dataDir, port, removeDataOnStop: true });
  try {
    expect(await query(second.adminUrl, 'SELECT v FROM standin_kept')).toEqual([{ v: 'still here' }]);
    expect(await query(second.adminUrl, 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).toEqual([{ rolsuper: true }]);
  } finally {
    await second.stop();
  }
  expect(existsSync(dataDir)).toBe(false);
});

it.skipIf(process.getuid?.() !== 0)('as root, says plainly when the postgres user cannot reach the data folder (no EACCES crash)', async () => {
  const privateDir = await mkdtemp(path.join(tmpdir(), 'posx-private-')); // mode 0700, owned by root
  try {
    await expect(startPostgres({ dataDir: path.join(privateDir, 'pg'), port: await freePort() })).rejects.toThrow(
      new RegExp(`system user "postgres", which cannot enter ${privateDir} \\(mode 700\\).*DATABASE_URL`),
    );
  } finally {
    await rm(privateDir, { recursive: true, force: true });
  }
});
