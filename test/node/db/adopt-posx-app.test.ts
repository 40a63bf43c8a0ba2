// Adoption of the original's docker-compose database: Django logs in as posx_app, a LOGIN SUPERUSER
// that owns the tables and that the original's migration made a member of posx_admin (contract
// §b.2, §b.4). POSX Edge's runtime login becomes posx_app in every transaction, so adoption must
// refuse (changing nothing) until the operator runs the SQL it prints. Roles are cluster-wide and
// the shared cluster's posx_app serves every other test, so this file runs its own throw-away
// embedded cluster, where posx_app may be put in any state.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptDatabase, catalogFingerprint, expectedTables, type AdoptReport } from '../../../dev/db/adopt.ts';
import { ensureRoles } from '../../../dev/db/roles.ts';
import { freePort } from '../../../dev/stack/http.ts';
import { startNeonStandIn } from '../../../dev/stack/neon/index.ts';
import type { Settings } from '../../../src/env.ts';
import { checkRls } from '../../../src/resources/health/checks.ts';
import { startPostgres, type RunningPostgres } from '../../../dev/stack/postgres.ts';
import { asApp, dataDigest, fixture, SITE_SCOPED_TABLES, withClient } from './support.ts';

const ASIA = '550e8400-e29b-41d4-a716-446655440001';
const DATABASE = 'posx';
const tables = expectedTables().map((t) => t.name);
const ADOPT_CLI = fileURLToPath(new URL('../../../dev/db/cli/adopt.ts', import.meta.url));

/** Roles, memberships and whether POSX Edge's migration history exists: what a refusal must not change. */
async function clusterState(url: string) {
  return withClient(url, async (c) => ({
    roles: (await c.query(`SELECT rolname, rolcanlogin, rolsuper, rolbypassrls, rolcreaterole FROM pg_roles ORDER BY 1`)).rows,
    memberships: (await c.query(`SELECT roleid::regrole::text AS role, member::regrole::text AS member FROM pg_auth_members ORDER BY 1, 2`)).rows,
    drizzle: (await c.query(`SELECT to_regnamespace('drizzle') IS NOT NULL AS found`)).rows[0].found as boolean,
    catalog: Object.fromEntries(await catalogFingerprint(c, tables)),
  }));
}

const blockingOf = (report: AdoptReport) => report.differences.filter((d) => d.level === 'blocking');

/** The fix lines a report prints for "nothing logs in as posx_app", without comments. */
function otherwiseFix(report: AdoptReport): string[] {
  const fix = report.differences.find((d) => d.fix && d.message.startsWith('posx_app '))!.fix!;
  return fix.slice(fix.indexOf('-- Otherwise (nothing logs in as posx_app):') + 1).filter((l) => !l.startsWith('--'));
}

describe('adoption when posx_app is the original docker-compose superuser', () => {
  let cluster: RunningPostgres;
  /** The cluster's own superuser (postgres) on database `database`: the operator's session. */
  let operatorUrl: (database?: string) => string;
  /** A login of the cluster on the adopted database (loopback is trusted: no password needed). */
  let loginUrl: (user: string) => string;
  const admin = <T>(fn: (c: pg.Client) => Promise<T>) => withClient(operatorUrl(), fn);

  beforeAll(async () => {
    const dataDir = path.join(tmpdir(), `posx-adopt-app-${randomBytes(4).toString('hex')}`);
    cluster = await startPostgres({ dataDir, port: await freePort(), removeDataOnStop: true });
    operatorUrl = (database = DATABASE) => Object.assign(new URL(cluster.adminUrl), { pathname: `/${database}` }).toString();
    loginUrl = (user) => Object.assign(new URL(cluster.adminUrl), { username: user, pathname: `/${DATABASE}` }).toString();
    await withClient(cluster.adminUrl, async (c) => {
      // What the postgres image does with POSTGRES_USER=posx_app (here beside the image's postgres).
      await c.query(`CREATE ROLE posx_app LOGIN SUPERUSER PASSWORD 'django-secret'`);
      await c.query(`CREATE DATABASE ${DATABASE} OWNER posx_app`);
    });
    // The original's migrations, run as its runtime user.
    await withClient(loginUrl('posx_app'), async (c) => {
      await c.query(fixture('original-roles.sql'));
      await c.query(fixture('original-posx.sql'));
      await c.query(fixture('original-posx-data.sql'));
    });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('refuses, also as a dry run, prints what to run, and changes nothing', async () => {
    const before = await clusterState(operatorUrl());
    const digest = await dataDigest(operatorUrl());
    const lines: string[] = [];
    const dryRun = await adoptDatabase(loginUrl('posx_app'), { dryRun: true, log: () => {} });
    const report = await adoptDatabase(loginUrl('posx_app'), { log: (l) => lines.push(l) });

    for (const r of [dryRun, report]) {
      expect(r.blocked).toBe(true);
      expect(r.changes).toEqual([]);
    }
    expect(dryRun.differences).toEqual(report.differences);
    const [blocking, ...others] = blockingOf(report);
    expect(others).toEqual([]);
    expect(blocking!.message).toBe(
      `posx_app is SUPERUSER, a member of posx_admin (reads every site), the owner of all ${tables.length} POSX tables: ` +
        `POSX Edge's runtime login becomes posx_app in every transaction, so row-level security would not isolate the sites (contract §b.4). ` +
        'Nothing was changed; fix it, then run the adoption again:',
    );
    expect(blocking!.fix).toContain('ALTER ROLE posx_app RENAME TO posx_django;');
    expect(otherwiseFix(report)).toEqual([
      'REVOKE posx_admin FROM posx_app;',
      'ALTER ROLE posx_app NOLOGIN NOSUPERUSER NOBYPASSRLS;',
      'REASSIGN OWNED BY posx_app TO <the login that should own the tables>;',
    ]);
    expect(lines).toContain('         ALTER ROLE posx_app RENAME TO posx_django;');
    expect(lines.at(-1)).toBe('adoption stopped: fix the blocking differences above first; nothing was changed');

    expect(await clusterState(operatorUrl())).toEqual(before);
    expect(before.drizzle).toBe(false);
    expect(await dataDigest(operatorUrl())).toEqual(digest);
  });

  it("the worker's readiness check names a posx_app that escapes RLS (reported, never fatal)", async () => {
    await withClient(operatorUrl(), (c) => c.query(`CREATE ROLE probe_edge LOGIN NOINHERIT; GRANT posx_app TO probe_edge`));
    const neon = await startNeonStandIn();
    try {
      const rls = await checkRls({ DATABASE_URL: loginUrl('probe_edge'), NEON_FETCH_ENDPOINT: neon.fetchEndpoint } as Settings);
      expect(rls).toMatch(/^warning: posx_app bypasses RLS \(superuser, member of posx_admin\)/);
    } finally {
      await neon.stop();
      await withClient(operatorUrl(), (c) => c.query(`DROP ROLE probe_edge`));
    }
  });

  it('npm run db:adopt exits 1 and prints the fix, with --dry-run too', async () => {
    const run = promisify(execFile)(process.execPath, [ADOPT_CLI, '--dry-run'], { env: { ...process.env, DATABASE_URL: loginUrl('posx_app') } });
    const failure = (await run.then(() => null, (error: unknown) => error)) as { code?: number; stdout?: string } | null;
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/^blocking database: posx_app is SUPERUSER/m);
    expect(failure?.stdout).toContain('ALTER ROLE posx_app RENAME TO posx_django;');
  });

  it('adopts after the documented rename: a fresh NOLOGIN posx_app, isolation for the runtime login, Django still writes', async () => {
    // The operator's fix, from another superuser session, then Django's DATABASE_URL says posx_django.
    await admin((c) => c.query('ALTER ROLE posx_app RENAME TO posx_django'));
    // Unique keys, as Django's own inserts leave them: the dropped unique constraint would fit the
    // data, and adoption must still leave it out (reported only).
    await admin((c) => c.query(`UPDATE orders SET idempotency_key = 'key-' || order_id`));
    const report = await adoptDatabase(loginUrl('posx_django'), { log: () => {} });
    expect(blockingOf(report)).toEqual([]);
    expect(report.blocked).toBe(false);
    expect(report.changes).toContain('role posx_app: added');
    expect(report.changes.filter((c) => c.includes('orders_idempotency_key_key'))).toEqual([]);
    expect(report.differences).toContainEqual(expect.objectContaining({ level: 'info', message: expect.stringMatching(/^unique \(idempotency_key\) is missing \(orders_idempotency_key_key\): /) }));
    const uniques = await admin(async (c) => (await c.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'u' ORDER BY 1`)).rows);
    expect(uniques).toEqual([{ conname: 'orders_stripe_payment_intent_id_key' }]);
    // Still a superuser, so RLS does not stop Django's writes: no side-by-side warning for it.
    expect(report.differences.map((d) => d.message)).toContain(
      'posx_django is a superuser: RLS does not apply to it; the worker must use a separate runtime login (dev/db/README.md)',
    );
    expect(report.differences.some((d) => d.message.startsWith('posx_django can write '))).toBe(false);

    await admin(async (c) => {
      const app = (await c.query(`SELECT rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'posx_app'`)).rows;
      expect(app).toEqual([{ rolcanlogin: false, rolsuper: false, rolbypassrls: false }]);
      const memberships = (await c.query(`SELECT member::regrole::text AS member, roleid::regrole::text AS role FROM pg_auth_members
          WHERE 'posx_app' IN (member::regrole::text, roleid::regrole::text) OR member::regrole::text = 'posx_django' ORDER BY 1, 2`)).rows;
      expect(memberships).toEqual([
        { member: 'posx_django', role: 'posx_admin' },
        { member: 'posx_django', role: 'posx_readonly' },
      ]);
      await ensureRoles(c); // the runtime login posx_edge (and posx_owner) on this cluster
    });
    await withClient(loginUrl('posx_edge'), async (c) => {
      for (const t of SITE_SCOPED_TABLES) {
        expect(await asApp(c, null, async () => (await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n), t).toBe(0);
      }
      const orders = await asApp(c, ASIA, async () => (await c.query(`SELECT order_id FROM orders`)).rows.map((r) => r.order_id));
      expect(orders).toEqual(['ad000000-0000-4000-8000-00000000000b']);
      expect(await asApp(c, ASIA, async () => (await c.query(`SELECT pg_has_role('posx_admin', 'MEMBER') AS admin`)).rows[0].admin)).toBe(false);
    });
    await withClient(loginUrl('posx_django'), async (c) => {
      await c.query('BEGIN');
      expect((await c.query('UPDATE orders SET updated_at = updated_at')).rowCount).toBe(2);
      await c.query('ROLLBACK');
    });
  });

  it('refuses whichever way posx_app escapes RLS, and the printed "nothing logs in" fix resolves it', async () => {
    await admin((c) => c.query(`CREATE ROLE dm_team NOLOGIN; GRANT posx_admin TO dm_team; CREATE ROLE dm_ops NOLOGIN BYPASSRLS`));
    const cases = [
      { setup: 'ALTER ROLE posx_app BYPASSRLS', problems: 'BYPASSRLS' },
      { setup: 'ALTER ROLE posx_app CREATEROLE', problems: 'CREATEROLE' },
      { setup: 'GRANT dm_team TO posx_app', problems: 'a member of posx_admin through dm_team (reads every site)' },
      { setup: 'GRANT dm_ops TO posx_app', problems: 'a member of dm_ops (BYPASSRLS)' },
      { setup: 'ALTER ROLE posx_app LOGIN SUPERUSER; GRANT posx_admin TO posx_app', problems: 'SUPERUSER, a member of posx_admin (reads every site)' },
    ];
    for (const { setup, problems } of cases) {
      await admin((c) => c.query(setup));
      const report = await adoptDatabase(loginUrl('posx_django'), { dryRun: true, log: () => {} });
      expect(report.blocked, setup).toBe(true);
      expect(blockingOf(report).map((d) => d.message.split(':')[0]), setup).toEqual([`posx_app is ${problems}`]);
      await admin(async (c) => {
        for (const statement of otherwiseFix(report)) await c.query(statement);
      });
      const fixed = await adoptDatabase(loginUrl('posx_django'), { dryRun: true, log: () => {} });
      expect(fixed.blocked, `${setup}, then the fix`).toBe(false);
    }
    // Able to log in but escaping nothing: still refused (adoption would reset the privileges of
    // whatever logs in as it), with the SQL.
    await admin((c) => c.query('ALTER ROLE posx_app LOGIN'));
    const login = await adoptDatabase(loginUrl('posx_django'), { dryRun: true, log: () => {} });
    expect(login.blocked).toBe(true);
    expect(blockingOf(login).map((d) => d.message.split(' (')[0])).toEqual(['posx_app can log in']);
    expect(otherwiseFix(login)).toEqual(['ALTER ROLE posx_app NOLOGIN;']);
    await admin((c) => c.query('ALTER ROLE posx_app NOLOGIN'));
    expect((await adoptDatabase(loginUrl('posx_django'), { dryRun: true, log: () => {} })).blocked).toBe(false);

    // Owner of the tables through a role: the fix leaves that role too.
    await admin((c) => c.query(`GRANT posx_django TO posx_app`));
    const owning = await adoptDatabase(loginUrl('posx_django'), { dryRun: true, log: () => {} });
    expect(owning.blocked).toBe(true);
    expect(otherwiseFix(owning)).toContain('REVOKE posx_django FROM posx_app;');
    await admin(async (c) => {
      for (const statement of otherwiseFix(owning).filter((s) => !s.startsWith('REASSIGN'))) await c.query(statement);
    });
    expect((await adoptDatabase(loginUrl('posx_django'), { dryRun: true, log: () => {} })).blocked).toBe(false);
  });

  it('ensureRoles (local role setup) repairs a posx_app that escapes RLS', async () => {
    await admin((c) => c.query(`ALTER ROLE posx_app LOGIN SUPERUSER BYPASSRLS CREATEROLE; GRANT posx_admin TO posx_app; GRANT dm_team TO posx_app`));
    const changes = await admin((c) => ensureRoles(c));
    expect(changes).toEqual(
      expect.arrayContaining(['made role posx_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE', 'revoked posx_admin from posx_app', 'revoked dm_team from posx_app']),
    );
    await admin(async (c) => {
      const app = (await c.query(`SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = 'posx_app'`)).rows;
      expect(app).toEqual([{ rolcanlogin: false, rolsuper: false, rolbypassrls: false, rolcreaterole: false }]);
      expect((await c.query(`SELECT 1 FROM pg_auth_members WHERE member = 'posx_app'::regrole`)).rows).toEqual([]);
    });
    expect(await admin((c) => ensureRoles(c))).toEqual([]);
    expect((await adoptDatabase(loginUrl('posx_django'), { dryRun: true, log: () => {} })).blocked).toBe(false);
  });
});
