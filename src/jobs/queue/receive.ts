import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { toFieldErrors } from '../../lib/validation.ts';
import { ApiError } from '../../pipeline/errors/api-error.ts';
import { JOB_HANDLERS } from '../handlers/index.ts';
import { describeError } from '../describe-error.ts';
import { isJobName, JOB_PAYLOADS, type JobName } from './jobs.ts';
import { permanentFailure, type JobDelivery, type JobResult } from './outcome.ts';
import type { receiveJob as route } from './routes.ts';
import type { SignedDeliveryVariables } from './signature.ts';

export type JobsEnv = { Bindings: AppEnv['Bindings']; Variables: AppEnv['Variables'] & SignedDeliveryVariables };

function parsePayload<N extends JobName>(name: N, body: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw permanentFailure(ApiError.badRequest('The body is not JSON.'));
  }
  const parsed = JOB_PAYLOADS[name].safeParse(json);
  if (!parsed.success) throw permanentFailure(ApiError.invalidInput(toFieldErrors(parsed.error)));
  return parsed.data;
}

/**
 * A verified delivery (see signature.ts): the job name selects the payload schema and the handler.
 * Unknown names and invalid payloads are permanent failures; anything unexpected becomes a 500 in
 * the error handler, which QStash retries. One log line per delivery.
 */
export const receive: RouteHandler<typeof route, JobsEnv> = async (c) => {
  const name = c.req.valid('param').job;
  const delivery: JobDelivery = {
    settings: c.get('settings'),
    messageId: c.req.header('Upstash-Message-Id') ?? null,
    retried: Number.parseInt(c.req.header('Upstash-Retried') ?? '0', 10) || 0,
  };
  const base = { msg: 'job', job: name, message_id: delivery.messageId, retried: delivery.retried, request_id: c.get('requestId') };
  let result: JobResult;
  try {
    if (!isJobName(name)) throw permanentFailure(ApiError.notFound(`No job named "${name}".`));
    const handler = JOB_HANDLERS[name] as (payload: unknown, delivery: JobDelivery) => Promise<JobResult>;
    result = await handler(parsePayload(name, c.get('signedBody')), delivery);
  } catch (err) {
    const status = err instanceof ApiError ? err.status : 500;
    const line = { level: status >= 500 ? 'error' : 'warn', ...base, status, error: err instanceof ApiError ? err.message : describeError(err) };
    (status >= 500 ? console.error : console.warn)(JSON.stringify(line));
    throw err;
  }
  console.log(JSON.stringify({ level: 'info', ...base, ...result }));
  return c.json({ job: name as JobName, message_id: delivery.messageId, ...result }, 200);
};
