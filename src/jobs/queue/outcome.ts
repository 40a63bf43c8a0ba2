import { ApiError } from '../../pipeline/errors/api-error.ts';
import type { Settings } from '../../env.ts';

/** What a job handler hands back; it becomes the 200 body (and the job's log line). */
export interface JobResult {
  /** applied: this delivery had the effect; duplicate: an earlier one did; ignored: nothing to do. */
  outcome: 'applied' | 'duplicate' | 'ignored';
  [key: string]: unknown;
}

export interface JobDelivery {
  settings: Settings;
  /** Upstash-Message-Id (null when absent). */
  messageId: string | null;
  /** Upstash-Retried: 0 on the first attempt. */
  retried: number;
}

const NON_RETRYABLE = { 'Upstash-NonRetryable-Error': 'true' } as const;

/**
 * A delivery that can never succeed (invalid payload, unknown subject): QStash stops retrying (and
 * moves the message to its DLQ) only for status 489 WITH `Upstash-NonRetryable-Error: true`; any
 * other non-2xx is retried. The envelope keeps the reason's message and detail.
 */
export function permanentFailure(error: ApiError): ApiError {
  return new ApiError('ERROR.HTTP_489', error.message, error.detail, { ...error.headers, ...NON_RETRYABLE });
}

/** Not possible YET (e.g. the site's vesting policy is missing): 503, so QStash retries later. */
export function retryLater(text: string): ApiError {
  return new ApiError('ERROR.HTTP_503', text, { detail: text });
}
