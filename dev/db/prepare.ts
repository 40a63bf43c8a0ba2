// One call that gives a local, migrated POSX Edge database: roles, database, migrations.
// Used by `npm run dev`, the test global setup and the database tests.
import pg from 'pg';
import { migrate } from './migrate.ts';
import { ensureRoles, localPasswords, OWNER_ROLE, RUNTIME_ROLE } from './roles.ts';

export interface PrepareOptions {
  /** A superuser URL to any database of the cluster (e.g. postgres://postgres@127.0.0.1:5432/postgres). */
  adminUrl: string;
  /** Database to create (owned by posx_owner) or reuse. */
  database: string;
  /** Drop and recreate the database first. */
  fresh?: boolean;
  /** Progress lines; console.log by default. */
  log?: (line: string) => void;
}

export interface PreparedDatabase {
  /** posx_owner: owns the tables, runs migrations and seeding (still under FORCE RLS). */
  ownerUrl: string;
  /** posx_edge: the worker's runtime login (member of posx_app only). */
  runtimeUrl: string;
}

/** Ensures roles, creates the database when missing (recreates it when fresh), applies migrations. */
export async function prepareDatabase(options: PrepareOptions): Promise<PreparedDatabase> {
  const log = options.log ?? console.log;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.database)) {
    throw new Error(`database name must match [a-z_][a-z0-9_]*: ${options.database}`);
  }
  const passwords = localPasswords();
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  try {
    for (const change of await ensureRoles(admin, passwords)) log(`roles: ${change}`);
    const db = admin.escapeIdentifier(options.database);
    if (options.fresh) {
      // WITH (FORCE) ends sessions still connected (e.g. a stand-in pool of a previous run).
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    }
    const found = await admin.query<{ owner: string }>(
      `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1`,
      [options.database],
    );
    if (found.rows.length === 0) {
      await admin.query(`CREATE DATABASE ${db} OWNER ${OWNER_ROLE}`);
      log(`created database ${options.database} owned by ${OWNER_ROLE}`);
    } else if (found.rows[0]!.owner !== OWNER_ROLE) {
      throw new Error(
        `database ${options.database} exists but is owned by ${found.rows[0]!.owner}, not ${OWNER_ROLE}; ` +
          'use another name, fresh: true, or `npm run db:adopt` for an existing POSX database',
      );
    }
  } finally {
    await admin.end();
  }
  const ownerUrl = withLogin(options.adminUrl, OWNER_ROLE, passwords.owner, options.database);
  const runtimeUrl = withLogin(options.adminUrl, RUNTIME_ROLE, passwords.runtime, options.database);
  await migrate(ownerUrl, { log });
  return { ownerUrl, runtimeUrl };
}

/** The admin URL's host, port and parameters with another login and database. */
export function withLogin(adminUrl: string, user: string, password: string, database: string): string {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Drops a database prepared for a test or benchmark run (sessions still connected are ended). */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
