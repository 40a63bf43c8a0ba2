import { createRoute, z } from '@hono/zod-openapi';
import { jsonResponse } from '../../lib/openapi.ts';

const Timestamp = z.string().openapi({ example: '2025-11-10T10:00:00.123456+00:00' });

export const health = createRoute({
  method: 'get',
  path: '/health/',
  tags: ['health'],
  security: [], // probes need no token
  summary: 'Liveness (no I/O)',
  responses: {
    200: jsonResponse(z.object({ status: z.literal('healthy'), timestamp: Timestamp }), 'Always healthy while the worker runs'),
  },
});

const ReadyBody = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  checks: z.object({ database: z.string(), redis: z.string(), migrations: z.string(), rls: z.string() }),
  timestamp: Timestamp,
});

export const ready = createRoute({
  method: 'get',
  path: '/ready/',
  tags: ['health'],
  security: [], // probes need no token
  summary: 'Readiness: database, Redis, migrations (and RLS, reported only)',
  responses: {
    200: jsonResponse(ReadyBody, 'Ready'),
    503: jsonResponse(ReadyBody, 'A check failed; its key says which'),
  },
});

export const version = createRoute({
  method: 'get',
  path: '/version/',
  tags: ['health'],
  security: [], // probes need no token
  summary: 'Version',
  responses: {
    200: jsonResponse(z.object({ version: z.string(), codename: z.string(), release_date: z.string(), timestamp: Timestamp }), 'Version'),
  },
});
