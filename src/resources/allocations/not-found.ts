import type { Hook } from '@hono/zod-openapi';
import { validationHook } from '../../lib/validation.ts';
import { ApiError } from '../../pipeline/errors/api-error.ts';

/**
 * 404 for an allocation outside the caller's scoped set: unknown, another buyer's, another site's,
 * filtered out, or a malformed id — indistinguishable on purpose, so ids cannot be probed. Clients
 * compare `code` and `detail`; the message is the original's text for a missing object (§c.6).
 */
export function allocationNotFound(): ApiError {
  return ApiError.notFound('Not found.', 'No Allocation matches the given query.');
}

/** Route hook for `{allocation_id}` routes: a malformed id is 404 (never 400); other input as usual. */
export const malformedIdIsNotFound: Hook<any, any, any, any> = (result, c) => {
  if (!result.success && result.target === 'param') throw allocationNotFound();
  return validationHook(result, c);
};
