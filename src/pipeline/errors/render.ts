import type { Context } from 'hono';
import type { ApiError } from './api-error.ts';

/** The one error envelope (contract §c.6): `{code, message, detail, request_id}`. */
export function errorResponse(c: Context, error: ApiError): Response {
  const body = { code: error.code, message: error.message, detail: error.detail, request_id: c.get('requestId') ?? null };
  return c.json(body, error.status as 400, error.headers);
}
