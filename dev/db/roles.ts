// Cluster-wide roles of POSX Edge, created from an admin (superuser) connection.
//
//   posx_owner     LOGIN, owns the database and tables, runs migrations. No SUPERUSER, CREATEDB,
//                  CREATEROLE or BYPASSRLS: FORCE row-level security applies to it too, and the
//                  group roles it grants table privileges to already exist (created here).
//   posx_edge      LOGIN, the worker's runtime login. NOSUPERUSER NOBYPASSRLS NOINHERIT, member of
//                  posx_app only: it has no privileges until each transaction sets role posx_app,
//                  and it can never become posx_admin (not a member).
//   posx_app, posx_admin, posx_readonly   NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE group roles
//                  (the original's names). posx_app is a member of nothing: the runtime login
//                  becomes posx_app in every transaction, so a membership of posx_app (the
//                  original grants posx_admin to its migration user, which docker-compose names
//                  posx_app) would let every request read all sites or leave RLS behind.
//
// On Neon the operator runs the equivalent SQL (dev/db/README.md); this module is for local
// clusters (the machine's PostgreSQL, embedded PostgreSQL).
import type pg from 'pg';

export const OWNER_ROLE = 'posx_owner';
export const RUNTIME_ROLE = 'posx_edge';
export const GROUP_ROLES = ['posx_app', 'posx_admin', 'posx_readonly'] as const;

export interface LocalPasswords {
  owner: string;
  runtime: string;
}

/** Passwords of the two local logins: from the environment, else local-only defaults. */
export function localPasswords(env: NodeJS.ProcessEnv = process.env): LocalPasswords {
  return {
    owner: env.POSX_OWNER_PASSWORD || 'posx_owner_local',
    runtime: env.POSX_RUNTIME_PASSWORD || 'posx_edge_local',
  };
}

interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolinherit: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolcanlogin: boolean;
  rolbypassrls: boolean;
}

const LOGIN_ATTRIBUTES = {
  [OWNER_ROLE]: 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION INHERIT',
  [RUNTIME_ROLE]: 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION NOINHERIT',
} as const;

function hasExpectedAttributes(row: RoleRow, name: keyof typeof LOGIN_ATTRIBUTES): boolean {
  const common = row.rolcanlogin && !row.rolsuper && !row.rolcreatedb && !row.rolcreaterole && !row.rolbypassrls;
  return common && row.rolinherit === (name === OWNER_ROLE);
}

/**
 * Creates or corrects the five roles and the runtime login's membership; returns what it changed.
 * Safe to run concurrently from several processes (other test runs share the cluster): the work is
 * one transaction under an advisory lock, retried when another session raced it.
 */
export async function ensureRoles(admin: pg.ClientBase, passwords: LocalPasswords = localPasswords()): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query('BEGIN');
      await admin.query(`SELECT pg_advisory_xact_lock(hashtext('posx_edge.ensure_roles'))`);
      const changes = await ensureRolesOnce(admin, passwords);
      await admin.query('COMMIT');
      return changes;
    } catch (error) {
      await admin.query('ROLLBACK').catch(() => {});
      const code = (error as { code?: string }).code;
      const raced = code === '42710' || code === '23505' || code === 'XX000' || code === '40001';
      if (!raced || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

async function ensureRolesOnce(admin: pg.ClientBase, passwords: LocalPasswords): Promise<string[]> {
  const changes: string[] = [];
  const { rows } = await admin.query<RoleRow>(
    `SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolbypassrls
       FROM pg_roles WHERE rolname = ANY($1)`,
    [[...GROUP_ROLES, OWNER_ROLE, RUNTIME_ROLE]],
  );
  const existing = new Map(rows.map((row) => [row.rolname, row]));

  // Roles are cluster-wide: on the machine's PostgreSQL they may pre-exist, made by someone else.
  for (const role of GROUP_ROLES) {
    const row = existing.get(role);
    if (!row) {
      await admin.query(`CREATE ROLE ${role} NOLOGIN`);
      changes.push(`created role ${role} (NOLOGIN)`);
    } else if (row.rolcanlogin || row.rolsuper || row.rolbypassrls || row.rolcreaterole) {
      await admin.query(`ALTER ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE`);
      changes.push(`made role ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE`);
    }
  }
  changes.push(...(await keepOnlyMemberships(admin, 'posx_app', [])));

  const loginPasswords = { [OWNER_ROLE]: passwords.owner, [RUNTIME_ROLE]: passwords.runtime } as const;
  for (const role of [OWNER_ROLE, RUNTIME_ROLE] as const) {
    const row = existing.get(role);
    const password = admin.escapeLiteral(loginPasswords[role]);
    if (!row) {
      await admin.query(`CREATE ROLE ${role} ${LOGIN_ATTRIBUTES[role]} PASSWORD ${password}`);
      changes.push(`created login ${role}`);
    } else {
      if (!hasExpectedAttributes(row, role)) changes.push(`corrected attributes of ${role}`);
      // Always (re)set: the password may come from the environment and change between runs.
      await admin.query(`ALTER ROLE ${role} ${LOGIN_ATTRIBUTES[role]} PASSWORD ${password}`);
    }
  }

  // The runtime login: member of posx_app and of nothing else.
  changes.push(...(await keepOnlyMemberships(admin, RUNTIME_ROLE, ['posx_app'])));
  return changes;
}

/** Makes `member` a direct member of exactly the roles in `keep`; returns what it changed. */
async function keepOnlyMemberships(admin: pg.ClientBase, member: string, keep: string[]): Promise<string[]> {
  const changes: string[] = [];
  const memberships = await admin.query<{ role: string }>(
    `SELECT g.rolname AS role
       FROM pg_auth_members m
       JOIN pg_roles g ON g.oid = m.roleid
       JOIN pg_roles u ON u.oid = m.member
      WHERE u.rolname = $1`,
    [member],
  );
  const memberOf = new Set(memberships.rows.map((row) => row.role));
  for (const role of keep) {
    if (memberOf.has(role)) continue;
    await admin.query(`GRANT ${admin.escapeIdentifier(role)} TO ${admin.escapeIdentifier(member)}`);
    changes.push(`granted ${role} to ${member}`);
  }
  for (const role of memberOf) {
    if (keep.includes(role)) continue;
    await admin.query(`REVOKE ${admin.escapeIdentifier(role)} FROM ${admin.escapeIdentifier(member)}`);
    changes.push(`revoked ${role} from ${member}`);
  }
  return changes;
}
