import { Client } from '@upstash/qstash';
import type { Settings } from '../../env.ts';
import { JOB_PAYLOADS, type JobName, type JobPayload } from './jobs.ts';

export type QueueSettings = Pick<Settings, 'QSTASH_URL' | 'QSTASH_TOKEN' | 'PUBLIC_BASE_URL'>;

export interface PublishOptions {
  /** Deliver no earlier than this many seconds from now. */
  delaySeconds?: number;
  /** QStash drops a second message with the same id (within its dedup window). */
  deduplicationId?: string;
  /** Delivery retries after the first attempt (QStash default 3). */
  retries?: number;
}

export interface JobMessage<N extends JobName = JobName> {
  name: N;
  payload: JobPayload<N>;
  options?: PublishOptions;
}

/** Where QStash delivers job `name`: the one receiving route, exempt from the site check. */
export function jobUrl(settings: Pick<Settings, 'PUBLIC_BASE_URL'>, name: JobName): string {
  return `${settings.PUBLIC_BASE_URL.replace(/\/+$/, '')}/api/v1/jobs/${name}/`;
}

// Created per call: a Worker keeps no clients at module scope. devMode false: never let the SDK
// swap in its dev-server credentials from process.env.
function client(settings: QueueSettings): Client {
  return new Client({
    baseUrl: settings.QSTASH_URL,
    token: settings.QSTASH_TOKEN,
    devMode: false,
    enableTelemetry: false,
    retry: { retries: 2, backoff: (attempt) => 100 * 2 ** attempt },
  });
}

function request<N extends JobName>(settings: QueueSettings, message: JobMessage<N>) {
  // Fail at the publisher, not at delivery: a payload the receiver would refuse is a bug here.
  const body = JOB_PAYLOADS[message.name].parse(message.payload);
  const { delaySeconds, deduplicationId, retries } = message.options ?? {};
  return {
    url: jobUrl(settings, message.name),
    body,
    ...(delaySeconds ? { delay: delaySeconds } : {}),
    ...(deduplicationId ? { deduplicationId } : {}),
    ...(retries !== undefined ? { retries } : {}),
  };
}

/** Publishes one job; returns QStash's message id (the same id again for a deduplicated publish). */
export async function publishJob<N extends JobName>(
  settings: QueueSettings,
  name: N,
  payload: JobPayload<N>,
  options: PublishOptions = {},
): Promise<{ messageId: string }> {
  const { messageId } = await client(settings).publishJSON(request(settings, { name, payload, options }));
  return { messageId };
}

/** Publishes several jobs in ONE QStash request (e.g. the completions of a payout batch). */
export async function publishJobs(settings: QueueSettings, messages: readonly JobMessage[]): Promise<{ messageId: string }[]> {
  if (messages.length === 0) return [];
  const results = await client(settings).batchJSON(messages.map((m) => request(settings, m)));
  return results.map((r) => ({ messageId: (r as { messageId: string }).messageId }));
}
