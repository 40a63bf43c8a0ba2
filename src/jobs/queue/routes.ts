import { createRoute, z } from '@hono/zod-openapi';
import { jsonResponse } from '../../lib/openapi.ts';
import { ErrorEnvelope, errorResponses } from '../../pipeline/errors/openapi.ts';
import { JOB_NAMES } from './jobs.ts';
import { qstashSignature } from './signature.ts';

const JobAccepted = z
  .object({
    job: z.enum(JOB_NAMES),
    message_id: z.string().nullable(),
    outcome: z.enum(['applied', 'duplicate', 'ignored']).openapi({
      description: 'applied: this delivery had the effect; duplicate: an earlier delivery did; ignored: nothing to do',
    }),
  })
  .catchall(z.unknown())
  .openapi('JobAccepted');

export const receiveJob = createRoute({
  method: 'post',
  path: '/{job}/',
  tags: ['jobs'],
  summary: 'Receive a background job (QStash delivery)',
  description:
    'The one destination of QStash messages. No bearer token and no site header: the `Upstash-Signature` ' +
    'JWT (current or next signing key) must match the raw body and this exact URL, else 401 and nothing runs. ' +
    'A permanent failure (unknown job, invalid payload, unknown or unpaid order) answers 489 with ' +
    '`Upstash-NonRetryable-Error: true` (the reason in `detail`), so QStash stops retrying; a 5xx is retried.',
  security: [],
  // Verification runs before anything reads the body as JSON; the payload is parsed by the handler.
  middleware: [qstashSignature()] as const,
  request: {
    params: z.object({
      job: z.string().openapi({ param: { name: 'job', in: 'path' }, enum: JOB_NAMES, example: 'order.paid' }),
    }),
    headers: z.object({
      'upstash-signature': z.string().optional().openapi({ description: 'QStash signature (JWT) of this delivery' }),
    }),
    body: {
      required: true,
      description: 'The job payload for the job named in the path (snake_case JSON).',
      // A plain schema reference on purpose: a zod body here would be parsed before the signature check.
      content: {
        'application/json': {
          schema: {
            oneOf: [
              { $ref: '#/components/schemas/OrderPaidJob' },
              { $ref: '#/components/schemas/ReleaseCompletedJob' },
              { $ref: '#/components/schemas/ReleaseFailedJob' },
            ],
          },
        },
      },
    },
  },
  responses: {
    200: jsonResponse(JobAccepted, 'Processed (see `outcome`)'),
    ...errorResponses(401, 489, 500),
    503: jsonResponse(ErrorEnvelope, 'Not possible yet (e.g. the site has no active vesting policy): QStash retries'),
  },
});
