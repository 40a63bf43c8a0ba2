import type { MiddlewareHandler } from 'hono';
import { getPath } from 'hono/utils/url';
import { ApiError } from '../errors/api-error.ts';
import { formatSuffix } from '../routing/format-suffix.ts';

/**
 * Query-string rules every /api/v1 view shares: DRF content negotiation accepts `?format=json` or a
 * `.json` suffix (which wins over the query, as in DRF) and answers 404 for any other format (§c.8); NUL characters, which Postgres cannot store in
 * text, are refused up front with DRF's message instead of failing in SQL.
 */
export function queryRules(): MiddlewareHandler {
  return async function queryRulesMiddleware(c, next) {
    const query = new URL(c.req.url).searchParams;
    const format = formatSuffix(getPath(c.req.raw))?.format ?? query.getAll('format').at(-1);
    if (format !== undefined && format !== 'json') throw ApiError.notFound();
    for (const [key, value] of query) {
      if (key.includes('\0') || value.includes('\0')) throw ApiError.badRequest('Null characters are not allowed.');
    }
    await next();
  };
}
