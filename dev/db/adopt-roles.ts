// Role findings of an adoption (dev/db/adopt.ts): who could escape or be stopped by row-level
// security once POSX Edge's policies are in place. Reported only; adoption changes no role here.
//
// - posx_app is what POSX Edge's runtime login becomes in every transaction (src/db/tx.ts), so it
//   must be NOSUPERUSER NOBYPASSRLS NOCREATEROLE, own no table and lead to no such role or to
//   posx_admin through its memberships. The original's docker-compose runs Django as a LOGIN
//   SUPERUSER named posx_app and its migration grants posx_admin to that user (contract §b.2,
//   §b.4): adopting that would leave isolation broken, so it blocks the adoption.
// - The Django backend's login, if neither superuser nor BYPASSRLS, can no longer write the tables
//   adoption puts under FORCE row-level security (it never sets app.current_site_id): a warning
//   with the SQL that keeps both backends running.
import type pg from 'pg';
import type { Difference } from './adopt.ts';
import { GROUP_ROLES, OWNER_ROLE, RUNTIME_ROLE } from './roles.ts';
import { SITE_SCOPED_TABLES } from '../../src/db/site-scoped-tables.ts';

const APP_ROLE = 'posx_app';
/** The name the fix gives the original's posx_app login. */
const DJANGO_ROLE = 'posx_django';

/** A role name as SQL: bare when it needs no quotes. */
function sqlName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** All role findings: the adopting login, posx_app, posx_admin members, foreign policies, Django's writes. */
export async function checkRoles(client: pg.ClientBase, tables: string[]): Promise<Difference[]> {
  return [
    ...(await checkAdoptingLogin(client, tables)),
    ...(await checkAppRole(client, tables)),
    ...(await checkAdminMembers(client)),
    ...(await checkForeignPolicies(client, tables)),
    ...(await checkSideBySideWriters(client)),
  ];
}

/** The login running the adoption: may it own and change the tables, create the roles? */
async function checkAdoptingLogin(client: pg.ClientBase, tables: string[]): Promise<Difference[]> {
  const differences: Difference[] = [];
  const me = await client.query<{ user: string; super: boolean; bypass: boolean; createrole: boolean }>(
    `SELECT current_user AS user, rolsuper AS super, rolbypassrls AS bypass, rolcreaterole AS createrole
       FROM pg_roles WHERE rolname = current_user`,
  );
  const self = me.rows[0]!;
  if (self.super || self.bypass) {
    differences.push({
      level: 'warning',
      object: 'database',
      message: `${self.user} is ${self.super ? 'a superuser' : 'BYPASSRLS'}: RLS does not apply to it; the worker must use a separate runtime login (dev/db/README.md)`,
    });
  }
  const owners = await client.query<{ table: string; owner: string }>(
    `SELECT relname AS table, pg_get_userbyid(relowner) AS owner FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname = ANY($1)`,
    [tables],
  );
  for (const row of owners.rows) {
    if (row.owner !== self.user && !self.super) {
      const member = await client.query<{ ok: boolean }>(`SELECT pg_has_role(current_user, $1, 'USAGE') AS ok`, [row.owner]);
      if (!member.rows[0]!.ok) {
        differences.push({ level: 'blocking', object: row.table, message: `table ${row.table} is owned by ${row.owner}; run adoption as ${row.owner}` });
      }
    }
  }
  const groups = await client.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname = ANY($1)`, [[...GROUP_ROLES]]);
  if (groups.rows.length < GROUP_ROLES.length && !self.createrole && !self.super) {
    differences.push({ level: 'blocking', object: 'database', message: `roles posx_app/posx_admin/posx_readonly are missing and ${self.user} lacks CREATEROLE to create them` });
  }
  return differences;
}

interface Ancestor {
  /** posx_app's direct membership this role is reached through. */
  via: string;
  role: string;
  super: boolean;
  bypass: boolean;
  createrole: boolean;
}

/**
 * Blocking when posx_app escapes RLS: SUPERUSER, BYPASSRLS, CREATEROLE (it could grant itself
 * posx_admin), the owner of a table (it could turn RLS off), or a member, directly or through
 * other roles, of posx_admin or of a role with one of those attributes (the runtime login, a
 * member of posx_app, may SET ROLE to any of them). A posx_app that can log in is blocking too:
 * adoption resets posx_app's table privileges, which would cut off a backend that logs in as it.
 */
async function checkAppRole(client: pg.ClientBase, tables: string[]): Promise<Difference[]> {
  const found = await client.query<{ login: boolean; super: boolean; bypass: boolean; createrole: boolean; me: string }>(
    `SELECT rolcanlogin AS login, rolsuper AS super, rolbypassrls AS bypass, rolcreaterole AS createrole, current_user AS me
       FROM pg_roles WHERE rolname = $1`,
    [APP_ROLE],
  );
  const app = found.rows[0];
  if (!app) return []; // migration 0001_roles creates it, NOLOGIN and member of nothing
  // pg_auth_members walked by hand: pg_has_role() answers true for every role when posx_app is a superuser.
  const { rows: ancestors } = await client.query<Ancestor>(
    `WITH RECURSIVE up(via, oid) AS (
       SELECT m.roleid, m.roleid FROM pg_auth_members m WHERE m.member = $1::regrole
       UNION
       SELECT up.via, m.roleid FROM pg_auth_members m JOIN up ON m.member = up.oid
     )
     SELECT DISTINCT v.rolname AS via, r.rolname AS role, r.rolsuper AS super, r.rolbypassrls AS bypass, r.rolcreaterole AS createrole
       FROM up JOIN pg_roles r ON r.oid = up.oid JOIN pg_roles v ON v.oid = up.via
      ORDER BY 1, 2`,
    [APP_ROLE],
  );
  const { rows: owned } = await client.query<{ table: string; owner: string }>(
    `SELECT relname AS table, pg_get_userbyid(relowner) AS owner FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname = ANY($1)
        AND pg_get_userbyid(relowner) = ANY($2) ORDER BY 1`,
    [tables, [APP_ROLE, ...ancestors.map((a) => a.role)]],
  );

  const attributes = [app.super && 'SUPERUSER', app.bypass && 'BYPASSRLS', app.createrole && 'CREATEROLE'].filter((a): a is string => !!a);
  const escapes = ancestors.filter((a) => a.role === 'posx_admin' || a.super || a.bypass || a.createrole);
  const problems = [
    ...attributes,
    ...escapes.map((a) => {
      const why = a.role === 'posx_admin' ? 'reads every site' : a.super ? 'a superuser' : a.bypass ? 'BYPASSRLS' : 'CREATEROLE';
      return `a member of ${a.role}${a.via === a.role ? '' : ` through ${a.via}`} (${why})`;
    }),
    ...(owned.length > 0
      ? [
          `the owner of ${owned.length === tables.length ? `all ${tables.length} POSX tables` : owned.map((o) => o.table).join(', ')}` +
            (owned.some((o) => o.owner !== APP_ROLE) ? ' (through membership)' : ''),
        ]
      : []),
  ];

  if (problems.length === 0) {
    if (!app.login) return [];
    return [
      {
        level: 'blocking',
        object: 'database',
        message:
          `${APP_ROLE} can log in (LOGIN): POSX Edge's runtime login only switches to it, and adoption resets its table privileges to ` +
          `POSX Edge's (drizzle/0003_grants.sql), which would break a backend that logs in as ${APP_ROLE}. Nothing was changed; ` +
          `make it NOLOGIN, then run the adoption again:`,
        fix: [...renameFix(), '-- Otherwise (nothing logs in as posx_app):', `ALTER ROLE ${APP_ROLE} NOLOGIN;`],
      },
    ];
  }
  // Tables owned through a membership are given up by leaving that role too.
  const owners = new Set(owned.map((o) => o.owner));
  const leave = [...escapes, ...ancestors.filter((a) => owners.has(a.role))].map((a) => a.via);
  const revokes = [...new Set(leave)].map((via) => `REVOKE ${sqlName(via)} FROM ${APP_ROLE};`);
  const newOwner = app.me === APP_ROLE ? '<the login that should own the tables>' : sqlName(app.me);
  return [
    {
      level: 'blocking',
      object: 'database',
      message:
        `${APP_ROLE} is ${problems.join(', ')}: POSX Edge's runtime login becomes ${APP_ROLE} in every transaction, so row-level ` +
        `security would not isolate the sites (contract §b.4). Nothing was changed; fix it, then run the adoption again:`,
      fix: [
        ...renameFix(),
        '-- Otherwise (nothing logs in as posx_app):',
        ...revokes,
        `ALTER ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS${app.createrole ? ' NOCREATEROLE' : ''};`,
        ...(owned.length > 0 ? [`REASSIGN OWNED BY ${APP_ROLE} TO ${newOwner};`] : []),
      ],
    },
  ];
}

/** The fix when the Django backend logs in as posx_app: it keeps its role under another name. */
function renameFix(): string[] {
  return [
    `-- If the Django backend logs in as ${APP_ROLE}: rename it from another superuser session (a session cannot rename`,
    `-- its own role). Its memberships, ownership and a SCRAM password move with it; an MD5 password is cleared`,
    `-- (set it again with ALTER ROLE ${DJANGO_ROLE} PASSWORD '…'). Point Django's DATABASE_URL at ${DJANGO_ROLE}, then`,
    `-- adopt again as ${DJANGO_ROLE}: adoption creates a fresh NOLOGIN ${APP_ROLE}.`,
    `ALTER ROLE ${APP_ROLE} RENAME TO ${DJANGO_ROLE};`,
  ];
}

/** Members of posx_admin read every site: fine for back office, never for a runtime login. */
async function checkAdminMembers(client: pg.ClientBase): Promise<Difference[]> {
  const admins = await client.query<{ member: string }>(
    `SELECT u.rolname AS member FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
      WHERE g.rolname = 'posx_admin' AND u.rolname <> $1 ORDER BY 1`,
    [APP_ROLE], // posx_app's membership is a blocking finding of its own
  );
  return [...new Set(admins.rows.map((r) => r.member))].map((member) => ({
    level: 'warning' as const,
    object: 'database',
    message: `${member} is a member of posx_admin (the original grants it to its migration user): it reads every site; never use it as the runtime login`,
  }));
}

/** Policies on the adopted tables that POSX Edge did not write. */
async function checkForeignPolicies(client: pg.ClientBase, tables: string[]): Promise<Difference[]> {
  const extraPolicies = await client.query<{ table: string; policy: string }>(
    `SELECT tablename AS table, policyname AS policy FROM pg_policies
      WHERE schemaname = 'public' AND tablename = ANY($1)
        AND policyname NOT IN (SELECT format('rls_%s_%s', t, p) FROM unnest($1::text[]) t, unnest(ARRAY['site_isolation', 'admin_readonly', 'global_read']) p)`,
    [tables],
  );
  return extraPolicies.rows.map(({ table, policy }) => ({
    level: 'warning' as const,
    object: table,
    message: `policy ${policy} on ${table} is not POSX Edge's: permissive policies OR together, so it may widen access (left as is; review and drop it)`,
  }));
}

/**
 * Logins, other than POSX Edge's own, that may write site-scoped tables (as owner or by grant) and
 * that RLS applies to. After adoption they are under FORCE RLS with no site set, as the Django
 * backend always is (contract §b.4): its UPDATEs/DELETEs match nothing and its INSERTs fail.
 */
async function checkSideBySideWriters(client: pg.ClientBase): Promise<Difference[]> {
  const { rows } = await client.query<{ role: string; tables: string[]; owner: boolean }>(
    `SELECT r.rolname AS role, array_agg(c.relname::text ORDER BY c.relname) AS tables,
            bool_or(pg_has_role(r.oid, c.relowner, 'USAGE')) AS owner
       FROM pg_roles r
       JOIN pg_class c ON c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname = ANY($1)
      WHERE r.rolcanlogin AND NOT r.rolsuper AND NOT r.rolbypassrls AND NOT (r.rolname = ANY($2))
        AND (has_table_privilege(r.oid, c.oid, 'INSERT, UPDATE, DELETE') OR has_any_column_privilege(r.oid, c.oid, 'INSERT, UPDATE'))
      GROUP BY r.rolname ORDER BY 1`,
    [[...SITE_SCOPED_TABLES], [RUNTIME_ROLE, OWNER_ROLE, ...GROUP_ROLES]],
  );
  return rows.map(({ role, tables, owner }) => ({
    level: 'warning' as const,
    object: 'database',
    message:
      `${role} can write ${tables.join(', ')}${owner ? ' (it owns them)' : ''} and is neither superuser nor BYPASSRLS: after adoption these ` +
      `tables are under FORCE row-level security and the Django backend never sets app.current_site_id, so if ${role} is its login, ` +
      `its UPDATEs and DELETEs there silently affect 0 rows and its INSERTs fail (42501). While both backends run, as a superuser ` +
      `(dev/db/README.md, "Running beside the Django backend"):`,
    fix: [`ALTER ROLE ${sqlName(role)} BYPASSRLS;`, `-- once the Django backend is retired: ALTER ROLE ${sqlName(role)} NOBYPASSRLS;`],
  }));
}
