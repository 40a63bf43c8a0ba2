import { z } from '@hono/zod-openapi';

/**
 * Every background job QStash delivers to POST /api/v1/jobs/{name}/, with its payload. Payloads are
 * snake_case JSON (the payment side publishes `order.paid` from outside this code base). Ids are
 * checked with a plain hex pattern: the original's fixture ids are not all RFC 4122 (stack notes).
 */
const id = () => z.guid();
const siteId = id().openapi({ description: 'Site the job runs for; the job uses this site\'s context (RLS)' });

export const OrderPaidPayload = z
  .object({
    order_id: id(),
    site_id: siteId,
    policy_id: id().optional().openapi({ description: 'Vesting policy to use; default: the site\'s newest active policy' }),
  })
  .strict()
  .openapi('OrderPaidJob', { description: 'A paid order becomes exactly one allocation with its vesting schedule and releases.' });

export const ReleaseCompletedPayload = z
  .object({
    site_id: siteId,
    release_id: id(),
    transfer_id: z.string().min(1).max(100).openapi({ description: 'The custody transfer the payout started (vesting_releases.fireblocks_tx_id)' }),
    tx_hash: z.string().min(1).max(100),
  })
  .strict()
  .openapi('ReleaseCompletedJob', { description: 'Custody reports a payout transfer complete: the release is released and counted once.' });

export const ReleaseFailedPayload = z
  .object({
    site_id: siteId,
    release_id: id(),
    transfer_id: z.string().min(1).max(100),
    reason: z.string().max(500),
  })
  .strict()
  .openapi('ReleaseFailedJob', { description: 'Custody reports a payout transfer failed: the release goes back to unlocked.' });

export const JOB_PAYLOADS = {
  'order.paid': OrderPaidPayload,
  'vesting.release.completed': ReleaseCompletedPayload,
  'vesting.release.failed': ReleaseFailedPayload,
} as const;

export type JobName = keyof typeof JOB_PAYLOADS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_PAYLOADS)[N]>;
export const JOB_NAMES = Object.keys(JOB_PAYLOADS) as [JobName, ...JobName[]];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_PAYLOADS, name);
}
