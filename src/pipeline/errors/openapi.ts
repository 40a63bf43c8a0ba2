import { z } from '@hono/zod-openapi';
import { ERROR_CODES } from './codes.ts';

/** The envelope every error response uses, for the OpenAPI document. */
export const ErrorEnvelope = z
  .object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    detail: z.record(z.string(), z.unknown()).openapi({ example: { detail: 'Not found.' } }),
    request_id: z.string().nullable(),
  })
  .openapi('ErrorEnvelope');

export const InvalidSite = z
  .object({ error: z.literal('invalid_site'), message: z.string() })
  .openapi('InvalidSite');

const descriptions = {
  400: 'Invalid input (field errors in `detail`), or `invalid_site`',
  401: 'Missing or invalid credentials (`WWW-Authenticate: Bearer`)',
  403: 'The token lacks the permission this endpoint needs',
  404: 'Not found, or `Invalid page.`',
  405: 'Method not allowed (`Allow` lists the methods)',
  415: 'Unsupported media type',
  429: 'Rate limited (`Retry-After`, `RateLimit-*`)',
  489: 'A job delivery that can never succeed (`Upstash-NonRetryable-Error: true`: QStash does not retry it)',
  500: 'Unexpected failure (the request id is logged with its cause)',
} as const;

type Status = keyof typeof descriptions;

/** Shared error responses for route definitions. */
export function errorResponses(...statuses: Status[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: descriptions[s],
        content: { 'application/json': { schema: s === 400 ? z.union([ErrorEnvelope, InvalidSite]) : ErrorEnvelope } },
      },
    ]),
  ) as Record<Status, { description: string; content: { 'application/json': { schema: typeof ErrorEnvelope } } }>;
}

/** Responses every authenticated /api/v1 endpoint can give. */
export const apiErrorResponses = errorResponses(400, 401, 404, 405, 429, 500);

/**
 * The site header every /api/v1 endpoint needs (or the site's domain as Host), documented as a
 * plain OpenAPI parameter: the site middleware checks it, so routes need no per-request header
 * validation (which would copy every header of every request).
 */
export const siteParameter = {
  name: 'X-Site-Code',
  in: 'header',
  required: false,
  description: 'Site code (e.g. `NA`); without it the Host domain selects the site',
  schema: { type: 'string', example: 'NA' },
} as const;
