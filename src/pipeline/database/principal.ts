import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * Reasons the principal statement aborts the transaction with. Reading an undefined setting raises
 * 42704 `unrecognized configuration parameter "<name>"`; `current_setting` is STABLE, so unlike a
 * failing constant cast it is evaluated only in the branch taken, never folded at plan time — and it
 * needs no helper function in the database, so an adopted POSX database works as is.
 */
export const UNKNOWN_USER = 'posx_abort.unknown_user';
export const INACTIVE_USER = 'posx_abort.inactive_user';

/**
 * Resolves the caller's user INSIDE the request's transaction and sets `app.current_user_id`.
 * An unknown or inactive user aborts the whole transaction, so such a request reads and writes
 * nothing.
 */
export function principalStatement(db: Db, sub: string) {
  return db.execute<{ user_id: string }>(sql`select u.user_id,
      case when u.user_id is null then current_setting(${UNKNOWN_USER})
           when not u.is_active then current_setting(${INACTIVE_USER})
           else set_config('app.current_user_id', u.user_id::text, true) end as context
    from (select 1) as one left join users u on u.auth0_sub = ${sub}`);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** The largest multiple of 36 below 256: bytes at or above it are drawn again, so no character is favoured. */
const UNBIASED_LIMIT = 252;

/** `G-` + 8 characters of [A-Z0-9], uniformly drawn (contract §c.4). */
export function newReferralCode(): string {
  let code = 'G-';
  while (code.length < 10) {
    for (const b of crypto.getRandomValues(new Uint8Array(8))) {
      if (b < UNBIASED_LIMIT && code.length < 10) code += ALPHABET[b % ALPHABET.length];
    }
  }
  return code;
}

/**
 * Just-in-time provisioning of a first-seen `sub` (decision D9): insert unless it exists —
 * concurrent first requests wait on the unique index and then see the winner's row. An email
 * already taken by another user is not copied (the original answered 500).
 */
export function provisionStatement(db: Db, sub: string, email: string | null) {
  return db.execute(sql`insert into users (user_id, auth0_sub, email, referral_code, is_active, created_at, updated_at)
    select gen_random_uuid(), ${sub},
      case when ${email}::varchar is not null and not exists (select 1 from users where email = ${email}) then ${email} end,
      ${newReferralCode()}, true, now(), now()
    on conflict (auth0_sub) do nothing`);
}
