import { createRoute, z } from '@hono/zod-openapi';
import { jsonResponse } from '../../lib/openapi.ts';
import { apiErrorResponses, errorResponses, siteParameter } from '../../pipeline/errors/openapi.ts';
import { requirePermission } from '../../pipeline/auth/index.ts';

/** Admin endpoints need these Auth0 RBAC permissions in the access token's `permissions` claim. */
export const PERMISSIONS = { vestingPayout: 'vesting:payout' } as const;

export const MAX_PAYOUT_RELEASES = 100;

const Amount = z.string().openapi({ example: '100.000000', description: 'Token amount, 6 decimal places' });

/** Validated by the handler (the body is read with DRF's parsers, as every write endpoint does). */
export const PayoutRequest = z
  .object({
    release_ids: z
      .array(z.guid({ message: 'Must be a valid UUID.' }))
      .min(1)
      .max(MAX_PAYOUT_RELEASES)
      .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, 'Release ids must be unique.')
      .openapi({ description: `1–${MAX_PAYOUT_RELEASES} ids of \`unlocked\` releases of the current site` }),
  })
  .openapi('PayoutRequest');

/** The same body for the document only, so the route itself does not parse it a second way. */
const PayoutRequestDoc = {
  type: 'object' as const,
  required: ['release_ids'],
  properties: {
    release_ids: {
      type: 'array' as const,
      items: { type: 'string' as const, format: 'uuid' },
      minItems: 1,
      maxItems: MAX_PAYOUT_RELEASES,
      uniqueItems: true,
      description: `1–${MAX_PAYOUT_RELEASES} ids of \`unlocked\` releases of the current site`,
    },
  },
};

const PayoutRelease = z
  .object({
    release_id: z.string(),
    amount: Amount,
    status: z.enum(['processing', 'unlocked']).openapi({ description: '`unlocked` again when custody refused the transfer' }),
    transfer_id: z.string().nullable(),
    error: z.string().optional(),
  })
  .openapi('PayoutRelease');

const PayoutAccepted = z
  .object({
    submitted: z.number().int(),
    failed: z.number().int(),
    total_amount: Amount.openapi({ description: 'Sum of the submitted releases' }),
    releases: z.array(PayoutRelease),
  })
  .openapi('PayoutAccepted');

export const payouts = createRoute({
  method: 'post',
  path: '/vesting/payouts/',
  tags: ['admin'],
  summary: 'Pay out unlocked vesting releases to their wallets',
  description:
    `Needs the \`${PERMISSIONS.vestingPayout}\` permission (else 403 \`AUTH.FORBIDDEN\`). All ids must be \`unlocked\` ` +
    'releases of the current site, or nothing happens (400 names each offending id). The releases become ' +
    '`processing` and go to the custody client; each completes later (`released`, counted into ' +
    '`allocations.released_tokens`) or fails back to `unlocked`.',
  middleware: [requirePermission(PERMISSIONS.vestingPayout)] as const,
  parameters: [siteParameter],
  request: {
    body: { required: true, content: { 'application/json': { schema: PayoutRequestDoc } } },
  },
  responses: {
    202: jsonResponse(PayoutAccepted, 'Handed to custody; completion is asynchronous'),
    ...apiErrorResponses,
    ...errorResponses(403, 415),
  },
});
