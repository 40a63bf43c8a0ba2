import { createRoute, z } from '@hono/zod-openapi';
import { jsonResponse } from '../../lib/openapi.ts';
import { apiErrorResponses, siteParameter } from '../../pipeline/errors/openapi.ts';

// ---------------------------------------------------------------------------------------------
// Shared field formats (contract §c.9)
// ---------------------------------------------------------------------------------------------

const Uuid = z.string().openapi({ format: 'uuid', example: '7c1e9b0a-3f41-4d2e-9a55-0b8f2c6d1e20' });
const Amount = z.string().openapi({
  description: 'Decimal string with exactly 6 places, plain notation (never a JSON number)',
  pattern: '^-?\\d+\\.\\d{6}$',
  example: '1000.000000',
});
const Percent = z.string().openapi({
  description: 'Percentage with exactly 2 places, rounded half-to-even; "0.00" when the total is 0; not capped at 100',
  pattern: '^-?\\d+\\.\\d{2}$',
  example: '12.34',
});
const DateTime = z.string().openapi({
  description: 'ISO-8601 UTC with `Z`; microseconds (6 digits) only when non-zero',
  example: '2025-11-10T10:00:00.123456Z',
});
const AllocationStatus = z.enum(['active', 'completed']);

// ---------------------------------------------------------------------------------------------
// Request parts
// ---------------------------------------------------------------------------------------------

/**
 * One query parameter as DRF reads it: a repeated key counts with its LAST value (QueryDict.get),
 * so `?status=a&status=b` is not a validation error.
 */
const lastValue = (description: string, example?: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v[v.length - 1]! : v))
    .optional()
    .openapi({ type: 'string', description, ...(example === undefined ? {} : { example }) });

const FilterQuery = z.object({
  status: lastValue('Exact match on the allocation status; unknown values match nothing', 'active'),
  wallet_address: lastValue('Lower-cased, then matched exactly against the stored address', '0xab5801a7d398351b8be11c439e05c5b3259aec9b'),
});

const ListQuery = FilterQuery.extend({
  ordering: lastValue(
    'Comma-separated keys, `-` for descending: allocation_id, order__order_id, wallet_address, token_amount, ' +
      'released_tokens, status, created_at. Unknown keys are ignored; default `-created_at`.',
    '-token_amount',
  ),
  page: lastValue('Page number (1-based) or `last`', '1'),
  page_size: lastValue('Items per page, default 20, at most 100', '20'),
});

const AllocationIdParam = z.object({
  allocation_id: z
    .string()
    .openapi({ param: { name: 'allocation_id', in: 'path' }, format: 'uuid', description: 'A malformed id is 404, like an unknown one' }),
});

// ---------------------------------------------------------------------------------------------
// Response bodies (keys in contract order)
// ---------------------------------------------------------------------------------------------

export const AllocationListItem = z
  .object({
    allocation_id: Uuid,
    order_id: Uuid,
    wallet_address: z.string().openapi({ description: 'Lower-case', example: '0xab5801a7d398351b8be11c439e05c5b3259aec9b' }),
    token_amount: Amount,
    released_tokens: Amount,
    pending_tokens: Amount.openapi({ description: '`token_amount − released_tokens`, 6 places' }),
    release_progress: Percent.openapi({ description: '`released_tokens / token_amount × 100`, 2 places half-to-even' }),
    status: AllocationStatus,
    created_at: DateTime,
  })
  .openapi('Allocation');

export const AllocationPage = z
  .object({
    count: z.number().int(),
    next: z.string().nullable().openapi({ description: 'Absolute URL of the next page, or null' }),
    previous: z.string().nullable().openapi({ description: 'Absolute URL of the previous page, or null' }),
    results: z.array(AllocationListItem),
  })
  .openapi('PaginatedAllocationList');

export const AllocationDetail = z
  .object({
    allocation_id: Uuid,
    order_id: Uuid,
    site_id: Uuid.openapi({ description: "The order's site" }),
    buyer_id: Uuid.openapi({ description: "The order's buyer (always the caller)" }),
    wallet_address: z.string(),
    token_amount: Amount,
    released_tokens: Amount,
    pending_tokens: Amount,
    release_progress: Percent,
    status: AllocationStatus,
    order_status: z.enum(['pending', 'paid', 'failed', 'cancelled']),
    order_created_at: DateTime,
    created_at: DateTime,
    updated_at: DateTime,
  })
  .openapi('AllocationDetail');

export const AllocationBalance = z
  .object({
    total_tokens: Amount,
    released_tokens: Amount,
    pending_tokens: Amount.openapi({ description: '`total − released`; not clamped at zero' }),
    active_allocations: z.number().int(),
    completed_allocations: z.number().int(),
    release_progress: Percent,
  })
  .openapi('AllocationBalance');

export const ReleaseStatus = z.enum(['locked', 'unlocked', 'processing', 'released']);

export const AllocationRelease = z
  .object({
    release_id: Uuid,
    period_no: z.number().int().openapi({ description: '0 is the TGE tranche', example: 0 }),
    release_date: z.string().openapi({ description: 'Calendar date `YYYY-MM-DD` (UTC)', example: '2025-12-10' }),
    amount: Amount,
    status: ReleaseStatus,
    unlocked_at: DateTime.nullable(),
    released_at: DateTime.nullable(),
    tx_hash: z.string().nullable(),
  })
  .openapi('AllocationRelease');

export const AllocationReleases = z
  .object({
    results: z.array(AllocationRelease).openapi({ description: 'Every tranche of the schedule, by `period_no`' }),
    summary: z
      .object({
        total: Amount.openapi({ description: 'Sum of all tranches ("0.000000" without a schedule)' }),
        released: Amount.openapi({ description: 'Sum of the tranches with status `released`' }),
        next_release_date: z.string().nullable().openapi({
          description: 'Date of the first tranche (by `period_no`) not yet released; null when nothing is left',
          example: '2026-01-09',
        }),
        next_release_amount: Amount.nullable().openapi({ description: 'Amount of that tranche; null when nothing is left' }),
      })
      .openapi('AllocationReleaseSummary'),
  })
  .openapi('AllocationReleases');

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

const common = {
  method: 'get' as const,
  tags: ['allocations'],
  security: [{ bearerAuth: [] }],
};

export const listAllocations = createRoute({
  ...common,
  path: '/',
  summary: "The caller's allocations on this site",
  description:
    'Allocations whose order belongs to the caller (`buyer_id`) and to the current site, newest first, ' +
    'page-number pagination (contract §d.7).',
  parameters: [siteParameter],
  request: { query: ListQuery },
  responses: { 200: jsonResponse(AllocationPage, 'A page of allocations'), ...apiErrorResponses },
});

export const getAllocationBalance = createRoute({
  ...common,
  path: '/balance/',
  summary: "Totals over the caller's allocations on this site",
  description:
    'Sums over every allocation of the caller on this site; the list filters do not apply (contract §d.9). ' +
    'Sums are exact at any size.',
  parameters: [siteParameter],
  responses: { 200: jsonResponse(AllocationBalance, 'Token totals'), ...apiErrorResponses },
});

export const getAllocation = createRoute({
  ...common,
  path: '/{allocation_id}/',
  summary: 'One allocation of the caller',
  description:
    'The list filters `status` and `wallet_address` apply here too: a mismatch is 404, as for an unknown id, ' +
    "another buyer's or another site's allocation, or a malformed id (contract §d.8).",
  parameters: [siteParameter],
  request: { params: AllocationIdParam, query: FilterQuery },
  responses: { 200: jsonResponse(AllocationDetail, 'The allocation'), ...apiErrorResponses },
});

export const listAllocationReleases = createRoute({
  ...common,
  path: '/{allocation_id}/releases/',
  summary: "An allocation's vesting releases (addition to the original API)",
  description:
    '**Addition to the original P1 API** (whose reports promised a fourth allocation endpoint that was never ' +
    'built, contract §d.10): the vesting schedule behind `pending_tokens` — every tranche of the allocation\'s ' +
    'schedule ordered by `period_no` (0 = TGE tranche), with a summary. An allocation without a schedule gives ' +
    'an empty list and a zero summary. Same ownership, site and filter rules as the detail endpoint; 404 otherwise.',
  parameters: [siteParameter],
  request: { params: AllocationIdParam, query: FilterQuery },
  responses: { 200: jsonResponse(AllocationReleases, 'Releases and summary'), ...apiErrorResponses },
});
