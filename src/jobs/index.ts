import { OpenAPIHono } from '@hono/zod-openapi';
import { validationHook } from '../lib/validation.ts';
import { OrderPaidPayload, ReleaseCompletedPayload, ReleaseFailedPayload } from './queue/jobs.ts';
import { receive, type JobsEnv } from './queue/receive.ts';
import { receiveJob } from './queue/routes.ts';

export { scheduled, runCron, CRON_SCHEDULE } from './cron/index.ts';
export { publishJob, publishJobs, jobUrl, type PublishOptions, type JobMessage } from './queue/publisher.ts';
export { JOB_NAMES, type JobName, type JobPayload } from './queue/jobs.ts';
export { createCustody, type CustodyClient } from './custody/index.ts';

/**
 * POST /api/v1/jobs/{job}/ — mounted BEFORE the /api/v1 auth chain (QStash has no bearer token)
 * and exempt from the site check (pipeline/site/exempt.ts): the signature is its authentication and
 * the payload's site_id its site.
 */
export const jobsRoutes = new OpenAPIHono<JobsEnv>({ defaultHook: validationHook }).openapi(receiveJob, receive);

// The payload schemas the route's body refers to (it references them instead of parsing them).
jobsRoutes.openAPIRegistry.register('OrderPaidJob', OrderPaidPayload);
jobsRoutes.openAPIRegistry.register('ReleaseCompletedJob', ReleaseCompletedPayload);
jobsRoutes.openAPIRegistry.register('ReleaseFailedJob', ReleaseFailedPayload);
