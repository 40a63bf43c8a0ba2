// Neon's SQL-over-HTTP protocol, driven by the real @neondatabase/serverless driver.
import { NeonDbError, neon, neonConfig } from '@neondatabase/serverless';
import type { NeonQueryFunction } from '@neondatabase/serverless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, getJson, stack } from './support.ts';

neonConfig.fetchEndpoint = stack.neon.fetchEndpoint;

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let sql: NeonQueryFunction<false, false>;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  sql = neon(scratch.url);
  await sql`CREATE TABLE standin_values (
    id uuid PRIMARY KEY, amount numeric(18,6), at timestamptz, doc jsonb, tags text[],
    missing text, big int8, flag bool)`;
  await sql`CREATE TABLE standin_items (id int PRIMARY KEY, name text NOT NULL)`;
});

afterAll(async () => {
  await scratch?.drop();
});

async function expectPgError(promise: Promise<unknown>, code: string): Promise<NeonDbError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NeonDbError);
  expect((err as NeonDbError).code).toBe(code);
  return err as NeonDbError;
}

describe('single query', () => {
  it('runs a parameterized query and returns typed rows', async () => {
    const rows = await sql`SELECT ${'hello'}::text AS greeting, 41 + ${1}::int AS answer`;
    expect(rows).toEqual([{ greeting: 'hello', answer: 42 }]);
  });

  it('returns full results (fields, command, rowCount) when asked', async () => {
    const result = await sql.query('SELECT 1 AS one', [], { fullResults: true, arrayMode: true });
    expect(result.command).toBe('SELECT');
    expect(result.rowCount).toBe(1);
    expect(result.rows).toEqual([[1]]);
    expect(result.fields[0]).toMatchObject({ name: 'one', dataTypeID: 23 });
  });

  it('round-trips uuid, numeric(18,6), timestamptz, jsonb, text[], null, int8 and bool exactly', async () => {
    const id = 'a1b2c3d4-0000-4000-8000-00000000beef';
    const doc = { name: 'Zoë ☕ 東京', nested: { list: [1, 'two', null], price: '12.50' } };
    const tags = ['plain', 'with,comma', 'with "quotes"', 'ünïcödé', ''];
    await sql`INSERT INTO standin_values VALUES (${id}, ${'123456789012.123456'}, ${'2026-01-02T03:04:05.123456Z'},
      ${JSON.stringify(doc)}, ${tags}, ${null}, ${'9007199254740993'}, ${true})`;

    const [row] = await sql`SELECT * FROM standin_values WHERE id = ${id}`;
    expect(row).toEqual({
      id,
      amount: '123456789012.123456', // numeric stays an exact string
      at: new Date('2026-01-02T03:04:05.123Z'), // JS Date holds milliseconds…
      doc,
      tags,
      missing: null,
      big: '9007199254740993', // int8 beyond 2^53 stays exact
      flag: true,
    });

    // …and the microseconds are all in the text the stand-in sends: read it with a pass-through parser.
    const rawText = { getTypeParser: () => (value: string) => value };
    const [, selected] = await sql.transaction([
      sql`SELECT set_config('TimeZone', 'UTC', true)`,
      sql.query('SELECT at, amount, tags FROM standin_values WHERE id = $1', [id], { types: rawText as never }),
    ]);
    expect(selected).toEqual([
      { at: '2026-01-02 03:04:05.123456+00', amount: '123456789012.123456', tags: '{plain,"with,comma","with \\"quotes\\"",ünïcödé,""}' },
    ]);
  });

  it('surfaces Postgres errors with their code (22P02)', async () => {
    const err = await expectPgError(sql`SELECT ${'not-a-uuid'}::uuid`, '22P02');
    expect(err.message).toContain('invalid input syntax for type uuid');
    expect(err.severity).toBe('ERROR');
  });

  it('refuses several statements in one query, as Neon does (extended protocol)', async () => {
    await expectPgError(sql.query('SELECT 1; SELECT 2'), '42601');
  });
});

describe('batch (sql.transaction)', () => {
  it('runs all queries in one transaction and returns one result per query', async () => {
    const [inserted, counted] = await sql.transaction([
      sql`INSERT INTO standin_items VALUES (1, 'one'), (2, 'two') RETURNING id`,
      sql`SELECT count(*)::int AS n, txid_current() AS tx1, txid_current() AS tx2 FROM standin_items`,
    ]);
    expect(inserted).toEqual([{ id: 1 }, { id: 2 }]);
    expect(counted).toMatchObject([{ n: 2 }]);
  });

  it('rolls back the whole batch when one statement fails and surfaces the error code (23505)', async () => {
    const err = await expectPgError(
      sql.transaction([
        sql`INSERT INTO standin_items VALUES (10, 'ten')`,
        sql`INSERT INTO standin_items VALUES (1, 'duplicate')`,
      ]),
      '23505',
    );
    expect(err.constraint).toBe('standin_items_pkey');
    expect(await sql`SELECT id FROM standin_items WHERE id = 10`).toEqual([]);
  });

  it('applies the isolation level, read-only and deferrable options', async () => {
    const [[settings]] = (await sql.transaction(
      [sql`SELECT current_setting('transaction_isolation') AS iso, current_setting('transaction_read_only') AS ro,
              current_setting('transaction_deferrable') AS deferrable`],
      { isolationLevel: 'Serializable', readOnly: true, deferrable: true },
    )) as [Record<string, string>[]];
    expect(settings).toEqual({ iso: 'serializable', ro: 'on', deferrable: 'on' });
  });

  it('a read-only batch refuses writes (25006)', async () => {
    await expectPgError(sql.transaction([sql`INSERT INTO standin_items VALUES (20, 'x')`], { readOnly: true }), '25006');
  });
});

describe('round-trip accounting', () => {
  it('counts every POST /sql in total and per X-Request-ID', async () => {
    const requestId = crypto.randomUUID();
    const before = await getJson<{ roundTrips: number }>(`${stack.neon.url}/__stats`);
    const post = (query: string) =>
      fetch(stack.neon.fetchEndpoint, {
        method: 'POST',
        headers: { 'Neon-Connection-String': scratch.url, 'Neon-Array-Mode': 'true', 'X-Request-ID': requestId },
        body: JSON.stringify({ query, params: [] }),
      }).then((r) => r.json());
    await post('SELECT 1');
    await post('SELECT 2');
    const mine = await getJson<{ roundTrips: number }>(`${stack.neon.url}/__stats?request_id=${requestId}`);
    const after = await getJson<{ roundTrips: number }>(`${stack.neon.url}/__stats`);
    expect(mine).toEqual({ roundTrips: 2 });
    expect(after.roundTrips - before.roundTrips).toBeGreaterThanOrEqual(2);
    expect(await getJson(`${stack.neon.url}/__stats?request_id=unknown-${requestId}`)).toEqual({ roundTrips: 0 });
  });

  it('answers errors with status 400 and the Postgres fields (what the driver requires)', async () => {
    const res = await fetch(stack.neon.fetchEndpoint, {
      method: 'POST',
      headers: { 'Neon-Connection-String': scratch.url, 'Neon-Array-Mode': 'true' },
      body: JSON.stringify({ query: 'SELECT $1::int', params: ['x'] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: '22P02', severity: 'ERROR', message: expect.any(String) });
  });
});
