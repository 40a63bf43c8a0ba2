// Adoption of an existing POSX database (the one the Django backend made) by POSX Edge, so both can
// run side by side during the move. Data is never touched: only catalog objects are added.
//
// 1. Compare the tables/columns there with what POSX Edge expects (the latest drizzle snapshot) and
//    report each difference. A missing table, a missing column POSX Edge cannot add safely, a
//    column of another type, or a posx_app role that escapes RLS (dev/db/adopt-roles.ts) stops the
//    adoption before anything changes. Missing CHECKs and FKs, non-deferrable FKs and the dropped
//    orders_idempotency_key_key are only reported.
// 2. In one transaction add what is missing: missing nullable/defaulted columns, column defaults,
//    indexes and unique constraints POSX Edge relies on (a unique constraint only when the data
//    allows), then re-run the idempotent security migrations (those marked `-- adopt: rerun`:
//    roles, grants, RLS with FORCE and POSX Edge's policies, site immutability triggers), and
//    record every bundled migration as applied (the baseline), so `db:migrate` only applies newer
//    ones later.
// 3. Report what changed by diffing a catalog fingerprint taken before and after: a second
//    adoption reports no change. A database that already has POSX Edge migration history is left to
//    `db:migrate` and only checked.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { checkRoles } from './adopt-roles.ts';
import { bundledMigrations, MIGRATIONS_FOLDER, type BundledMigration } from './migrate.ts';
import { SITE_SCOPED_TABLES } from '../../src/db/site-scoped-tables.ts';

export type DifferenceLevel = 'blocking' | 'warning' | 'info';

export interface Difference {
  level: DifferenceLevel;
  /** Table (or `database` for cluster/role findings). */
  object: string;
  message: string;
  /** SQL (and `--` comments) the operator runs to resolve it, printed below the message. */
  fix?: string[];
}

export interface AdoptReport {
  differences: Difference[];
  /** True when a blocking difference stopped the adoption (nothing was changed). */
  blocked: boolean;
  /** What changed (or would change, with dryRun), e.g. `policy notifications.rls_…: changed`. */
  changes: string[];
  /** True when the database already had POSX Edge migration history (adoption only checked it). */
  alreadyManaged: boolean;
}

export interface AdoptOptions {
  /** Do everything in a transaction, report, then roll back. */
  dryRun?: boolean;
  /** Progress lines; console.log by default. */
  log?: (line: string) => void;
  /** How long to wait for any one lock before giving up, changing nothing (default 10). */
  lockTimeoutSeconds?: number;
}

/** Tables under RLS after adoption: the worker's own list (drizzle/0004 and 0007 cover the same). */
export { SITE_SCOPED_TABLES };

/**
 * Unique constraints of the fresh schema that adoption reports but never adds: the original dropped
 * them on purpose, and adding one under a running Django backend could break its inserts.
 */
const REPORTED_ONLY_UNIQUES: Record<string, string> = {
  orders_idempotency_key_key:
    "the original's migration orders.0003 dropped it on purpose; not added: POSX Edge never writes orders.idempotency_key, and the Django backend's inserts may rely on its absence",
};

interface SnapshotColumn {
  name: string;
  type: string;
  primaryKey: boolean;
  notNull: boolean;
  default?: string | number | boolean;
}
interface SnapshotTable {
  name: string;
  columns: Record<string, SnapshotColumn>;
  indexes: Record<string, { name: string; columns: { expression: string }[]; isUnique: boolean }>;
  uniqueConstraints: Record<string, { name: string; columns: string[] }>;
  foreignKeys: Record<string, { name: string; tableFrom: string; columnsFrom: string[]; tableTo: string; columnsTo: string[] }>;
  checkConstraints: Record<string, { name: string; value: string }>;
}

/** The schema POSX Edge expects: drizzle-kit's snapshot of the last bundled migration. */
export function expectedTables(folder: string = MIGRATIONS_FOLDER): SnapshotTable[] {
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as { entries: { idx: number }[] };
  const last = journal.entries.at(-1)!;
  const snapshot = JSON.parse(
    readFileSync(`${folder}/meta/${String(last.idx).padStart(4, '0')}_snapshot.json`, 'utf8'),
  ) as { tables: Record<string, SnapshotTable> };
  return Object.values(snapshot.tables);
}

/** drizzle-kit's type spelling → format_type()'s. */
function normalizeType(type: string): string {
  const t = type.toLowerCase().replace(/\s*,\s*/g, ',');
  const varchar = /^varchar\((\d+)\)$/.exec(t);
  if (varchar) return `character varying(${varchar[1]})`;
  if (t === 'bigserial') return 'bigint';
  if (t === 'serial') return 'integer';
  if (t === 'time') return 'time without time zone';
  if (t === 'timestamp') return 'timestamp without time zone';
  return t;
}

interface ActualColumn {
  table: string;
  column: string;
  type: string;
  not_null: boolean;
  has_default: boolean;
  is_identity: boolean;
}
interface ActualIndex {
  table: string;
  name: string;
  columns: string[];
  unique: boolean;
  partial: boolean;
}

async function readColumns(client: pg.ClientBase, tables: string[]): Promise<ActualColumn[]> {
  const { rows } = await client.query<ActualColumn>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, a.atthasdef AS has_default, a.attidentity <> '' AS is_identity
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname = ANY($1)
        AND a.attnum > 0 AND NOT a.attisdropped`,
    [tables],
  );
  return rows;
}

async function readIndexes(client: pg.ClientBase, tables: string[]): Promise<ActualIndex[]> {
  const { rows } = await client.query<ActualIndex>(
    `SELECT c.relname AS table, i.relname AS name, x.indisunique AS unique, x.indpred IS NOT NULL AS partial,
            array(SELECT coalesce(a.attname, '(expression)')
                    FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                   ORDER BY k.n)::text[] AS columns
       FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1)`,
    [tables],
  );
  return rows;
}

/** Compares the database with the expected tables; each finding is one plain sentence. */
export async function compareSchema(client: pg.ClientBase, expected: SnapshotTable[] = expectedTables()): Promise<Difference[]> {
  const differences: Difference[] = [];
  const names = expected.map((t) => t.name);
  const columns = await readColumns(client, names);
  const indexes = await readIndexes(client, names);
  const { rows: constraints } = await client.query<{ table: string; name: string; type: string; deferrable: boolean; columns: string[]; ref_table: string | null; ref_columns: string[] | null }>(
    `SELECT c.relname AS table, k.conname AS name, k.contype AS type, k.condeferrable AS deferrable,
            array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.n)::text[] AS columns,
            r.relname AS ref_table,
            array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.n)::text[] AS ref_columns
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class r ON r.oid = k.confrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1)`,
    [names],
  );
  const tableNames = new Set(columns.map((c) => c.table));

  for (const table of expected) {
    if (!tableNames.has(table.name)) {
      differences.push({ level: 'blocking', object: table.name, message: `table ${table.name} is missing` });
      continue;
    }
    const actual = new Map(columns.filter((c) => c.table === table.name).map((c) => [c.column, c]));
    const missingDefaults: string[] = [];
    for (const column of Object.values(table.columns)) {
      const found = actual.get(column.name);
      const where = `${table.name}.${column.name}`;
      if (!found) {
        const addable = !column.notNull || column.default !== undefined;
        differences.push({
          level: addable ? 'warning' : 'blocking',
          object: table.name,
          message: addable
            ? `column ${where} is missing; it will be added (${column.type}${column.notNull ? ' NOT NULL' : ''}${column.default !== undefined ? ` DEFAULT ${column.default}` : ''})`
            : `column ${where} (${column.type} NOT NULL, no default) is missing and cannot be added without data`,
        });
        continue;
      }
      if (normalizeType(column.type) !== found.type) {
        differences.push({ level: 'blocking', object: table.name, message: `column ${where} is ${found.type}, POSX Edge expects ${normalizeType(column.type)}` });
      }
      if (column.notNull && !found.not_null) {
        differences.push({ level: 'warning', object: table.name, message: `column ${where} allows NULL, POSX Edge expects NOT NULL (left as is)` });
      } else if (!column.notNull && found.not_null) {
        differences.push({ level: 'warning', object: table.name, message: `column ${where} is NOT NULL, POSX Edge expects NULL allowed (left as is; writes must fill it)` });
      }
      const serial = /serial$/.test(column.type);
      if (column.default !== undefined && !found.has_default && !serial) missingDefaults.push(`${column.name} (${column.default})`);
      if (serial && !found.has_default && !found.is_identity) {
        differences.push({ level: 'blocking', object: table.name, message: `column ${where} has no sequence or identity behind it` });
      }
    }
    if (missingDefaults.length > 0) {
      differences.push({
        level: 'info',
        object: table.name,
        message: `no SQL defaults (the original keeps them in Python); these will be added: ${missingDefaults.join(', ')}`,
      });
    }
    for (const found of actual.values()) {
      if (table.columns[found.column]) continue;
      const level: DifferenceLevel = found.not_null && !found.has_default ? 'warning' : 'info';
      differences.push({
        level,
        object: table.name,
        message:
          level === 'warning'
            ? `column ${table.name}.${found.column} (${found.type}) is NOT NULL without default and unknown to POSX Edge: its inserts into ${table.name} will fail`
            : `column ${table.name}.${found.column} (${found.type}) is unknown to POSX Edge (kept, ignored)`,
      });
    }

    const tableIndexes = indexes.filter((i) => i.table === table.name && !i.partial);
    const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c, i) => c === b[i]);
    for (const unique of Object.values(table.uniqueConstraints)) {
      if (!tableIndexes.some((i) => i.unique && sameColumns([...i.columns].sort(), [...unique.columns].sort()))) {
        const reportedOnly = REPORTED_ONLY_UNIQUES[unique.name];
        differences.push(
          reportedOnly
            ? { level: 'info', object: table.name, message: `unique (${unique.columns.join(', ')}) is missing (${unique.name}): ${reportedOnly}` }
            : { level: 'warning', object: table.name, message: `unique (${unique.columns.join(', ')}) is missing; ${unique.name} will be added if the data allows` },
        );
      }
    }
    for (const index of Object.values(table.indexes)) {
      const cols = index.columns.map((c) => c.expression);
      if (!tableIndexes.some((i) => sameColumns(i.columns, cols))) {
        differences.push({ level: 'info', object: table.name, message: `index on (${cols.join(', ')}) is missing; ${index.name} will be added` });
      }
    }
    const tableConstraints = constraints.filter((c) => c.table === table.name);
    for (const check of Object.values(table.checkConstraints)) {
      if (!tableConstraints.some((c) => c.type === 'c' && c.name === check.name)) {
        differences.push({ level: 'warning', object: table.name, message: `CHECK ${check.name} (${check.value}) is missing (not added: existing rows are not validated by adoption)` });
      }
    }
    for (const fk of Object.values(table.foreignKeys)) {
      const found = tableConstraints.find(
        (c) => c.type === 'f' && c.ref_table === fk.tableTo && sameColumns(c.columns, fk.columnsFrom) && sameColumns(c.ref_columns ?? [], fk.columnsTo),
      );
      if (!found) {
        differences.push({ level: 'warning', object: table.name, message: `foreign key (${fk.columnsFrom.join(', ')}) → ${fk.tableTo} is missing (not added)` });
      } else if (!found.deferrable) {
        differences.push({ level: 'info', object: table.name, message: `foreign key ${found.name} is not DEFERRABLE (left as is)` });
      }
    }
  }
  return differences;
}

/** Everything adoption may change, as key → definition, to report what really changed. */
export async function catalogFingerprint(client: pg.ClientBase, tables: string[]): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const add = (key: string, value: unknown) => entries.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  const q = async <R extends pg.QueryResultRow>(text: string, params: unknown[] = [tables]) => (await client.query<R>(text, params)).rows;

  for (const r of await q<{ rolname: string; rolcanlogin: boolean }>(
    `SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('posx_app', 'posx_admin', 'posx_readonly')`,
    [],
  ))
    add(`role ${r.rolname}`, r.rolcanlogin ? 'LOGIN' : 'NOLOGIN');
  for (const r of await q<{ t: string; rls: boolean; force: boolean; acl: string[] | null }>(
    `SELECT relname AS t, relrowsecurity AS rls, relforcerowsecurity AS force, relacl::text[] AS acl FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname = ANY($1)`,
  )) {
    add(`row level security ${r.t}`, `${r.rls ? 'enabled' : 'disabled'}${r.force ? ', forced' : ''}`);
    add(`grants on ${r.t}`, [...(r.acl ?? [])].sort().join(' '));
  }
  for (const r of await q<{ t: string; c: string; acl: string[] }>(
    `SELECT c.relname AS t, a.attname AS c, a.attacl::text[] AS acl FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1) AND a.attacl IS NOT NULL AND NOT a.attisdropped`,
  ))
    add(`column grants on ${r.t}.${r.c}`, [...r.acl].sort().join(' '));
  for (const r of await q<{ s: string; acl: string[] | null }>(
    `SELECT c.relname AS s, c.relacl::text[] AS acl FROM pg_class c
      WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace AND c.relname LIKE ANY (SELECT t || '%' FROM unnest($1::text[]) t)`,
  ))
    add(`grants on sequence ${r.s}`, [...(r.acl ?? [])].sort().join(' '));
  for (const r of await q<{ t: string; p: string; def: unknown }>(
    `SELECT tablename AS t, policyname AS p, json_build_array(permissive, roles, cmd, qual, with_check) AS def
       FROM pg_policies WHERE schemaname = 'public' AND tablename = ANY($1)`,
  ))
    add(`policy ${r.t}.${r.p}`, r.def);
  for (const r of await q<{ t: string; name: string; def: string }>(
    `SELECT c.relname AS t, g.tgname AS name, pg_get_triggerdef(g.oid) AS def FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
      WHERE NOT g.tgisinternal AND c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1)`,
  ))
    add(`trigger ${r.t}.${r.name}`, r.def);
  for (const r of await q<{ def: string }>(
    `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p WHERE p.proname = 'forbid_site_change' AND p.pronamespace = 'public'::regnamespace`,
    [],
  ))
    add('function forbid_site_change()', r.def);
  for (const r of await q<{ t: string; name: string; def: string }>(
    `SELECT tablename AS t, indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)`,
  ))
    add(`index ${r.t}.${r.name}`, r.def);
  for (const r of await q<{ t: string; name: string; def: string }>(
    `SELECT c.relname AS t, k.conname AS name, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY($1)`,
  ))
    add(`constraint ${r.t}.${r.name}`, r.def);
  for (const r of await q<{ t: string; c: string; def: string | null; type: string }>(
    `SELECT table_name AS t, column_name AS c, column_default AS def, data_type AS type FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ANY($1)`,
  )) {
    add(`column ${r.t}.${r.c}`, r.type);
    if (r.def !== null) add(`default of ${r.t}.${r.c}`, r.def);
  }
  const drizzle = await q<{ ok: boolean }>(`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`, []);
  if (drizzle[0]!.ok) {
    for (const r of await q<{ hash: string }>(`SELECT hash FROM drizzle.__drizzle_migrations`, [])) add(`migration ${r.hash.slice(0, 12)} recorded`, r.hash);
    for (const r of await q<{ acl: string[] | null }>(`SELECT relacl::text[] AS acl FROM pg_class WHERE oid = 'drizzle.__drizzle_migrations'::regclass`, []))
      add('grants on drizzle.__drizzle_migrations', [...(r.acl ?? [])].sort().join(' '));
  }
  return entries;
}

function diffFingerprints(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) changes.push(`${key}: added`);
    else if (before.get(key) !== value) changes.push(`${key}: changed`);
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`${key}: removed`);
  // Catalog queries have no stable order; sorting also groups the report by kind.
  return changes.sort();
}

/** Migrations whose SQL is idempotent and re-applied by adoption (first line `-- adopt: rerun`). */
function rerunnable(migrations: BundledMigration[]): BundledMigration[] {
  return migrations.filter((m) => m.sql[0]?.trimStart().startsWith('-- adopt: rerun'));
}

/** Adopts the POSX database at url (see the top of this file). */
export async function adoptDatabase(url: string, options: AdoptOptions = {}): Promise<AdoptReport> {
  const log = options.log ?? console.log;
  const lockTimeout = options.lockTimeoutSeconds ?? 10;
  const expected = expectedTables();
  const tables = expected.map((t) => t.name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const differences = [...(await compareSchema(client, expected)), ...(await checkRoles(client, tables))];
    for (const d of differences) {
      log(`${d.level.padEnd(8)} ${d.object}: ${d.message}`);
      for (const line of d.fix ?? []) log(`${' '.repeat(9)}${line}`);
    }
    const blocked = differences.some((d) => d.level === 'blocking');
    if (blocked) {
      log('adoption stopped: fix the blocking differences above first; nothing was changed');
      return { differences, blocked, changes: [], alreadyManaged: false };
    }

    if (await hasMigrationHistory(client)) {
      log('the database already has POSX Edge migration history: nothing to adopt (use npm run db:migrate)');
      return { differences, blocked, changes: [], alreadyManaged: true };
    }

    await client.query('BEGIN');
    // On a live database (Django running beside): rather give up than queue every write behind a
    // table lock adoption is waiting for. Nothing is changed then; run it again at a quieter moment.
    await client.query(`SET LOCAL lock_timeout = '${Math.max(1, Math.floor(lockTimeout))}s'`);
    // Lock out a concurrent adoption or migration of the same database.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('posx_edge.migrate'))`);
    const before = await catalogFingerprint(client, tables);
    const notes = await addMissingObjects(client, expected);
    const migrations = bundledMigrations();
    await recordBaseline(client, migrations);
    for (const migration of rerunnable(migrations)) {
      for (const statement of migration.sql) await client.query(statement);
    }
    const changes = [...diffFingerprints(before, await catalogFingerprint(client, tables)), ...notes];
    await client.query(options.dryRun ? 'ROLLBACK' : 'COMMIT');
    for (const change of changes) log(`${options.dryRun ? 'would change' : 'done'}: ${change}`);
    log(changes.length === 0 ? 'adoption: nothing to change' : `adoption: ${changes.length} change(s)${options.dryRun ? ' (dry run, rolled back)' : ''}`);
    return { differences, blocked, changes, alreadyManaged: false };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if ((error as { code?: string }).code === '55P03') {
      throw new Error(
        `adoption gave up waiting ${lockTimeout} s for a table lock (a running backend holds one); nothing was changed: run it again`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await client.end();
  }
}

/** Missing columns (nullable or defaulted), defaults, unique constraints and indexes. */
async function addMissingObjects(client: pg.ClientBase, expected: SnapshotTable[]): Promise<string[]> {
  const notes: string[] = [];
  const id = (name: string) => client.escapeIdentifier(name);
  const columns = await readColumns(client, expected.map((t) => t.name));
  for (const table of expected) {
    const actual = new Map(columns.filter((c) => c.table === table.name).map((c) => [c.column, c]));
    for (const column of Object.values(table.columns)) {
      const found = actual.get(column.name);
      const defaultSql = column.default === undefined ? '' : ` DEFAULT ${column.default}`;
      if (!found) {
        await client.query(
          `ALTER TABLE ${id(table.name)} ADD COLUMN ${id(column.name)} ${column.type}${defaultSql}${column.notNull ? ' NOT NULL' : ''}`,
        );
      } else if (column.default !== undefined && !found.has_default && !/serial$/.test(column.type)) {
        await client.query(`ALTER TABLE ${id(table.name)} ALTER COLUMN ${id(column.name)} SET${defaultSql}`);
      }
    }
  }
  const indexes = await readIndexes(client, expected.map((t) => t.name));
  const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c, i) => c === b[i]);
  for (const table of expected) {
    const tableIndexes = indexes.filter((i) => i.table === table.name && !i.partial);
    for (const unique of Object.values(table.uniqueConstraints)) {
      if (REPORTED_ONLY_UNIQUES[unique.name]) continue;
      const sorted = [...unique.columns].sort();
      if (tableIndexes.some((i) => i.unique && sameColumns([...i.columns].sort(), sorted))) continue;
      // The data decides: a constraint the rows violate is reported, not forced.
      await client.query('SAVEPOINT add_unique');
      try {
        await client.query(`ALTER TABLE ${id(table.name)} ADD CONSTRAINT ${id(unique.name)} UNIQUE (${unique.columns.map(id).join(', ')})`);
        await client.query('RELEASE SAVEPOINT add_unique');
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT add_unique');
        if ((error as { code?: string }).code !== '23505') throw error;
        notes.push(
          `unique constraint ${unique.name} on ${table.name} (${unique.columns.join(', ')}): NOT added, existing rows have duplicates (fix the data, then adopt again or add it by hand)`,
        );
      }
    }
    for (const index of Object.values(table.indexes)) {
      const cols = index.columns.map((c) => c.expression);
      if (tableIndexes.some((i) => sameColumns(i.columns, cols))) continue;
      await client.query(
        `CREATE ${index.isUnique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${id(index.name)} ON ${id(table.name)} (${cols.map(id).join(', ')})`,
      );
    }
  }
  return notes;
}

async function hasMigrationHistory(client: pg.ClientBase): Promise<boolean> {
  const table = await client.query(`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`);
  if (!table.rows[0].ok) return false;
  const rows = await client.query(`SELECT 1 FROM drizzle.__drizzle_migrations LIMIT 1`);
  return rows.rows.length > 0;
}

/** drizzle's migrations table with every bundled migration recorded as applied. */
async function recordBaseline(client: pg.ClientBase, migrations: BundledMigration[]): Promise<void> {
  await client.query('CREATE SCHEMA IF NOT EXISTS drizzle');
  await client.query(
    'CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)',
  );
  for (const migration of migrations) {
    await client.query(`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)`, [migration.hash, migration.when]);
  }
}
