// The whole POSX Edge schema, for drizzle (`drizzle(..., { schema })`) and drizzle-kit.
export * from './sites.ts';
export * from './users.ts';
export * from './orders.ts';
export * from './vesting.ts';
export * from './notifications.ts';
export * from './idempotency.ts';
