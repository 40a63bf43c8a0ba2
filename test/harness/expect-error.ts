import { expect } from 'vitest';

/** Asserts the one error envelope: status, code, detail, and the request id in body and header. */
export async function expectError(res: Response, status: number, code: string, detail: unknown) {
  const body = (await res.json()) as Record<string, unknown>;
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(body)).toEqual(['code', 'message', 'detail', 'request_id']);
  expect(body.code).toBe(code);
  expect(body.detail).toEqual(detail);
  expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get('X-Request-ID')).toBe(body.request_id);
  return body;
}
