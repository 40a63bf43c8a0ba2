// Neon's SQL-over-HTTP endpoint (POST /sql) as @neondatabase/serverless 1.2 speaks it:
// headers Neon-Connection-String, Neon-Array-Mode, Neon-Raw-Text-Output and, for batches,
// Neon-Batch-Isolation-Level / -Read-Only / -Deferrable; body {query, params} or {queries: [...]}.
import type { IncomingHttpHeaders } from 'node:http';
import type { FieldDef, PoolClient, QueryResult } from 'pg';
import { protocolError } from './errors.ts';
import type { PoolRegistry } from './pools.ts';

type QueryBody = { query: string; params?: unknown[] };
type BatchBody = { queries: QueryBody[] };

export type NeonResult = {
  command: string;
  rowCount: number | null;
  rows: unknown[];
  fields: FieldDef[];
  rowAsArray: boolean;
};

const ISOLATION_LEVELS: Record<string, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

type SqlRequest = {
  connectionString: string;
  arrayMode: boolean;
  body: QueryBody | BatchBody;
  begin: string; // the BEGIN statement a batch runs with
};

export function parseSqlRequest(headers: IncomingHttpHeaders, rawBody: string): SqlRequest {
  const connectionString = header(headers, 'neon-connection-string');
  if (!connectionString) throw protocolError('missing Neon-Connection-String header');
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw protocolError('request body is not valid JSON');
  }
  if (!isQuery(body) && !isBatch(body)) throw protocolError('body must be {query, params} or {queries: [...]}');
  return {
    connectionString,
    arrayMode: header(headers, 'neon-array-mode') === 'true',
    body,
    begin: beginStatement(headers),
  };
}

export async function executeSql(pools: PoolRegistry, request: SqlRequest): Promise<NeonResult | { results: NeonResult[] }> {
  const pool = pools.get(request.connectionString);
  if (!isBatch(request.body)) {
    // A lone query runs in autocommit, as on Neon.
    return toNeonResult(await pool.query(queryConfig(request.body, request.arrayMode)), request.arrayMode);
  }
  // A batch is one transaction: all statements commit together or none do.
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(request.begin);
    const results: NeonResult[] = [];
    for (const q of request.body.queries) {
      results.push(toNeonResult(await client.query(queryConfig(q, request.arrayMode)), request.arrayMode));
    }
    await client.query('COMMIT');
    return { results };
  } catch (err) {
    broken = await rollback(client);
    throw err;
  } finally {
    client.release(broken);
  }
}

async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (err) {
    return err as Error; // connection is unusable: release(err) makes the pool discard it
  }
}

function queryConfig(q: QueryBody, arrayMode: boolean) {
  return {
    text: q.query,
    // The driver already serialized every value to Postgres text (or null): pass through untouched.
    values: q.params ?? [],
    // Extended protocol even without params, like Neon: one statement per query, values as text.
    queryMode: 'extended' as const,
    ...(arrayMode ? { rowMode: 'array' as const } : {}),
  };
}

function toNeonResult(result: QueryResult, arrayMode: boolean): NeonResult {
  return {
    command: result.command,
    rowCount: result.rowCount,
    rows: result.rows,
    fields: result.fields,
    rowAsArray: arrayMode,
  };
}

function beginStatement(headers: IncomingHttpHeaders): string {
  const parts = ['BEGIN'];
  const level = header(headers, 'neon-batch-isolation-level');
  if (level) {
    const sqlLevel = ISOLATION_LEVELS[level];
    if (!sqlLevel) throw protocolError(`unknown Neon-Batch-Isolation-Level: ${level}`);
    parts.push('ISOLATION LEVEL', sqlLevel);
  }
  const readOnly = header(headers, 'neon-batch-read-only');
  if (readOnly) parts.push(readOnly === 'true' ? 'READ ONLY' : 'READ WRITE');
  const deferrable = header(headers, 'neon-batch-deferrable');
  if (deferrable) parts.push(deferrable === 'true' ? 'DEFERRABLE' : 'NOT DEFERRABLE');
  return parts.join(' ');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isQuery(body: unknown): body is QueryBody {
  return typeof body === 'object' && body !== null && typeof (body as QueryBody).query === 'string';
}

function isBatch(body: unknown): body is BatchBody {
  const queries = (body as BatchBody | null)?.queries;
  return Array.isArray(queries) && queries.every(isQuery);
}
