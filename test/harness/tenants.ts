import { ownerSql } from './owner-sql.ts';
import { tokenFor } from './tokens.ts';

export interface SiteFixture {
  siteId: string;
  code: string;
  domain: string;
}

export interface UserFixture {
  userId: string;
  sub: string;
  token: string;
}

export interface Tenants {
  /** Two active sites: every route is checked for leaks between them. */
  a: SiteFixture;
  b: SiteFixture;
  /** An inactive site: its code and domain must not resolve. */
  inactive: SiteFixture;
  /** alice and bob are buyers/recipients; carol is a bystander; dave is an inactive account. */
  alice: UserFixture;
  bob: UserFixture;
  carol: UserFixture;
  dave: UserFixture;
}

const tag = () => crypto.randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();

/**
 * Fresh tenants for one test file: unique site codes/domains and users, so test files running in
 * parallel against the same database never see each other's rows.
 */
export async function seedTenants(): Promise<Tenants> {
  const run = tag();
  const site = (name: string): SiteFixture => ({
    siteId: crypto.randomUUID(),
    code: `${name}${run}`,
    domain: `${name.toLowerCase()}-${run.toLowerCase()}.posx.test`,
  });
  const a = site('A');
  const b = site('B');
  const inactive = site('X');
  const user = (name: string) => ({ userId: crypto.randomUUID(), sub: `test|${name}-${run}` });
  const people = { alice: user('alice'), bob: user('bob'), carol: user('carol'), dave: user('dave') };

  await ownerSql(null, [
    ...[a, b, inactive].map((s) => ({
      text: `insert into sites (site_id, code, name, domain, is_active, created_at) values ($1, $2, $3, $4, $5, now())`,
      params: [s.siteId, s.code, `Site ${s.code}`, s.domain, s !== inactive],
    })),
    ...Object.entries(people).map(([name, u]) => ({
      text: `insert into users (user_id, auth0_sub, email, referral_code, is_active, created_at, updated_at)
             values ($1, $2, $3, $4, $5, now(), now())`,
      params: [u.userId, u.sub, `${name}-${run}@posx.test`, `T-${tag()}`, name !== 'dave'],
    })),
  ]);

  const withToken = async (u: { userId: string; sub: string }) => ({ ...u, token: await tokenFor(u.sub) });
  return {
    a,
    b,
    inactive,
    alice: await withToken(people.alice),
    bob: await withToken(people.bob),
    carol: await withToken(people.carol),
    dave: await withToken(people.dave),
  };
}
