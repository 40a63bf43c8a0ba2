import { parseUuidText } from '../../lib/uuid.ts';
import { ApiError } from '../../pipeline/errors/api-error.ts';

/**
 * 404 for an allocation outside the caller's scoped set: unknown, another buyer's, another site's,
 * filtered out, or a malformed id — indistinguishable on purpose, so ids cannot be probed. Clients
 * compare `code` and `detail`; the message is the original's text for a missing object (§c.6).
 */
export function allocationNotFound(): ApiError {
  return ApiError.notFound('Not found.', 'No Allocation matches the given query.');
}

/** The canonical allocation id of a path segment; a malformed one is 404 (never 400). */
export function allocationIdOf(segment: string): string {
  const id = parseUuidText(segment);
  if (id === null) throw allocationNotFound();
  return id;
}
