import type { MiddlewareHandler } from 'hono';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import { runInTransaction } from '../../db/tx.ts';
import { findCause, type CodedError } from '../../lib/cause-chain.ts';
import { ApiError } from '../errors/api-error.ts';
import type { AuthVariables } from '../auth/index.ts';
import type { SettingsVariables } from '../settings/index.ts';
import type { SiteVariables } from '../site/index.ts';
import { INACTIVE_USER, principalStatement, provisionStatement, UNKNOWN_USER } from './principal.ts';

type Statements = readonly [BatchItem<'pg'>, ...BatchItem<'pg'>[]];

export interface SqlOptions {
  /** Defaults to the HTTP method: GET/HEAD run read-only. */
  readOnly?: boolean;
}

/**
 * `c.var.sql(build)` runs the handler's statements as the caller: ONE transaction, ONE round trip,
 * [context, principal, …statements]. Handlers use `currentUserId` (db/tx.ts) for "me" and the
 * site id from `c.var.site` for explicit site predicates beside RLS.
 */
export type RunSql = <T extends Statements>(build: (db: Db) => T, options?: SqlOptions) => Promise<BatchResponse<T>>;
export type DatabaseVariables = {
  sql: RunSql;
  /**
   * Throws the 401 of an inactive user whose request is refused before any of its SQL ran (a 405, a
   * bad query, body or id): DRF authenticates before anything else, so such a caller must hear
   * "inactive", not why the request was wrong (decision D9). A no-op once the request's SQL ran.
   */
  confirmPrincipal: () => Promise<void>;
};

/** The original retried a colliding referral code up to 10 times (contract §c.4). */
const MAX_PROVISION_ATTEMPTS = 10;

/** An inactive (deactivated) account: refused like a bad token (decision D9). */
const userInactive = () => ApiError.unauthorized('User inactive or deleted.');

function abortReason(e: unknown): string | null {
  const says = (err: CodedError, reason: string) => typeof err.message === 'string' && err.message.includes(reason);
  const aborted = findCause(e, (err) => err.code === '42704' && (says(err, UNKNOWN_USER) || says(err, INACTIVE_USER)));
  if (!aborted) return null;
  return says(aborted, UNKNOWN_USER) ? UNKNOWN_USER : INACTIVE_USER;
}

function isUniqueViolation(e: unknown): boolean {
  return findCause(e, (err) => err.code === '23505') !== undefined;
}

export function database(): MiddlewareHandler<{
  Variables: SettingsVariables & SiteVariables & AuthVariables & DatabaseVariables;
}> {
  return async function databaseMiddleware(c, next) {
    let ran = false;
    async function run<T extends Statements>(build: (db: Db) => T, options: SqlOptions = {}): Promise<BatchResponse<T>> {
      ran = true;
      const settings = c.get('settings');
      const principal = c.get('principal');
      const context = {
        siteId: c.get('site')?.siteId ?? null,
        readOnly: options.readOnly ?? (c.req.method === 'GET' || c.req.method === 'HEAD'),
      };
      const finish = (results: readonly unknown[]) => {
        c.set('userId', (results[0] as { rows: { user_id: string }[] }).rows[0]!.user_id);
        return results.slice(1) as unknown as BatchResponse<T>;
      };
      try {
        return finish(await runInTransaction(settings, context, (db) => [principalStatement(db, principal.sub), ...build(db)] as const));
      } catch (e) {
        const reason = abortReason(e);
        if (reason === INACTIVE_USER) throw userInactive();
        if (reason !== UNKNOWN_USER) throw e;
      }
      // First request of this `sub`: provision and run again, read-write (a second round trip, once per user).
      for (let attempt = 1; ; attempt++) {
        try {
          const results = await runInTransaction(settings, { ...context, readOnly: false }, (db) => [
            provisionStatement(db, principal.sub, principal.email),
            principalStatement(db, principal.sub),
            ...build(db),
          ] as const);
          return finish(results.slice(1));
        } catch (e) {
          if (abortReason(e) === INACTIVE_USER) throw userInactive();
          // A referral code or email taken concurrently: try again with a fresh code.
          if (!isUniqueViolation(e) || attempt >= MAX_PROVISION_ATTEMPTS) throw e;
        }
      }
    }
    async function confirmPrincipal(): Promise<void> {
      // Anonymous requests (unknown URLs pass auth without a token) have no caller to check.
      if (ran || !c.get('principal')) return;
      ran = true;
      const siteId = c.get('site')?.siteId ?? null;
      try {
        await runInTransaction(c.get('settings'), { siteId, readOnly: true }, (db) => [principalStatement(db, c.get('principal').sub)]);
      } catch (e) {
        // An unknown user is not provisioned for a refused request; it simply hears the refusal.
        const reason = abortReason(e);
        if (reason === INACTIVE_USER) throw userInactive();
        if (reason !== UNKNOWN_USER) throw e;
      }
    }
    c.set('sql', run);
    c.set('confirmPrincipal', confirmPrincipal);
    await next();
  };
}
