export { call, roundTripsOf, type CallOptions } from './http.ts';
export { ownerQuery, ownerSql, superuserSql, type Row, type Statement } from './owner-sql.ts';
export { stack, dbUrls } from './stack.ts';
export { seedTenants, type SiteFixture, type Tenants, type UserFixture } from './tenants.ts';
export { tokenFor, type TokenOptions } from './tokens.ts';
export * from './jwt.ts';
export { expectError } from './expect-error.ts';
