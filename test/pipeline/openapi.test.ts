import { expect, it } from 'vitest';
import { call } from '../harness/index.ts';

it('documents the API as OpenAPI 3.1 with the bearer scheme and the site header, without a site or token', async () => {
  const res = await call('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  const doc = (await res.json()) as any;
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(doc.components.schemas.ErrorEnvelope).toBeDefined();
  for (const path of [
    '/health/',
    '/ready/',
    '/version/',
    '/api/v1/notifications/',
    '/api/v1/notifications/{notification_id}/',
    '/api/v1/notifications/mark-read/',
    '/api/v1/notifications/unread-count/',
    '/api/v1/notifications/announcements/',
    '/api/v1/allocations/',
    '/api/v1/allocations/{allocation_id}/',
    '/api/v1/allocations/balance/',
    '/api/v1/allocations/{allocation_id}/releases/',
  ]) {
    expect(doc.paths[path], path).toBeDefined();
  }
  // The probes and the QStash receiver need no token; every /api/v1 resource does.
  for (const path of ['/health/', '/ready/', '/version/']) expect(doc.paths[path].get.security, path).toEqual([]);
  expect(doc.paths['/api/v1/allocations/'].get.security ?? doc.security).toEqual([{ bearerAuth: [] }]);
  const siteHeader = doc.paths['/api/v1/notifications/'].get.parameters.find((p: any) => p.in === 'header');
  expect(siteHeader?.name).toBe('X-Site-Code');
  const docs = await call('/api/v1/docs/');
  expect(docs.status).toBe(200);
  expect(docs.headers.get('content-type')).toMatch(/text\/html/);
});
