import { sql, type SQL } from 'drizzle-orm';
import { ApiError } from '../pipeline/errors/api-error.ts';
import { withQueryParam } from './query-string.ts';

/** DRF PageNumberPagination as both P1 views configure it (contract §c.7). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  page: number | 'last';
  pageSize: number;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Python `int(str)`: optional sign and surrounding whitespace, decimal digits with single `_` between them. */
function pythonInt(value: string): number | null {
  return /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value) ? Number.parseInt(value.replaceAll('_', ''), 10) : null;
}

const invalidPage = () => ApiError.notFound('Invalid page.');

/** Reads `page` and `page_size`. Bad sizes fall back to 20 silently; bad pages are 404. */
export function parsePageRequest(query: URLSearchParams): PageRequest {
  // DRF reads the LAST value of a repeated parameter.
  const rawSize = query.getAll('page_size').at(-1) ?? null;
  const size = rawSize === null ? null : pythonInt(rawSize);
  const pageSize = size === null || size <= 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);

  const rawPage = query.getAll('page').at(-1) ?? null;
  if (rawPage === null) return { page: 1, pageSize };
  if (rawPage === 'last') return { page: 'last', pageSize };
  const page = pythonInt(rawPage);
  // A page whose offset is not a safe integer cannot exist (and must not reach SQL as 2e+21).
  if (page === null || page < 1 || !Number.isSafeInteger((page - 1) * MAX_PAGE_SIZE)) throw invalidPage();
  return { page, pageSize };
}

/**
 * The OFFSET for a page request. `page=last` needs the row count, which is not known before the
 * (single) round trip, so it becomes a SQL expression over the same filtered count.
 */
export function pageOffset(request: PageRequest, countExpression: SQL): number | SQL {
  if (request.page !== 'last') return (request.page - 1) * request.pageSize;
  return sql`(select greatest((count(*) - 1) / ${request.pageSize}, 0) * ${request.pageSize} from (${countExpression}) as counted)`;
}

/** Builds the envelope once the count is known; a page beyond the last is 404 `Invalid page.`. */
export function toPage<T>(request: PageRequest, requestUrl: string, count: number, results: T[]): Page<T> {
  const numPages = Math.max(1, Math.ceil(count / request.pageSize));
  const page = request.page === 'last' ? numPages : request.page;
  if (page > numPages) throw invalidPage();
  const url = new URL(requestUrl);
  return {
    count,
    next: page < numPages ? withQueryParam(url, 'page', String(page + 1)) : null,
    previous: page > 1 ? withQueryParam(url, 'page', page - 1 === 1 ? null : String(page - 1)) : null,
    results,
  };
}
