import type { JobName, JobPayload } from '../queue/jobs.ts';
import type { JobDelivery, JobResult } from '../queue/outcome.ts';
import { orderPaid } from './order-paid.ts';
import { releaseCompleted } from './release-completed.ts';
import { releaseFailed } from './release-failed.ts';

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, delivery: JobDelivery) => Promise<JobResult>;

/** One handler per job name; the receiving route dispatches on the name in its path. */
export const JOB_HANDLERS: { [N in JobName]: JobHandler<N> } = {
  'order.paid': orderPaid,
  'vesting.release.completed': releaseCompleted,
  'vesting.release.failed': releaseFailed,
};
