// Delivers published messages like QStash: signed with the CURRENT signing key, retried with
// exponential backoff on any non-2xx (up to Upstash-Retries), never retried after a 489 or an
// `Upstash-NonRetryable-Error: true` answer. Every attempt is logged for /__deliveries.
import { randomUUID } from 'node:crypto';
import type { PublishRequest } from './publish-request.ts';
import { signDelivery } from './signing.ts';

export type Attempt = { attempt: number; at: string; status?: number; error?: string };
export type MessageLog = {
  messageId: string;
  destination: string;
  method: string;
  deduplicationId?: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: Attempt[];
};

const DEDUP_WINDOW_MS = 10 * 60_000;
const MAX_LOGGED_MESSAGES = 5_000;
const ATTEMPT_TIMEOUT_MS = 30_000;

export class Dispatcher {
  private readonly log = new Map<string, MessageLog>();
  private readonly dedup = new Map<string, { messageId: string; expires: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private stopped = false;

  private readonly signingKey: () => string;
  private readonly retryBaseMs: number;

  constructor(signingKey: () => string, retryBaseMs: number) {
    this.signingKey = signingKey;
    this.retryBaseMs = retryBaseMs;
  }

  /** Queues the message; a repeated deduplication id within the window returns the first message id. */
  publish(request: PublishRequest): { messageId: string; deduplicated?: true } {
    if (request.deduplicationId) {
      const seen = this.dedup.get(request.deduplicationId);
      if (seen && seen.expires > Date.now()) return { messageId: seen.messageId, deduplicated: true };
    }
    const messageId = `msg_${randomUUID().replaceAll('-', '')}`;
    if (request.deduplicationId) {
      this.dedup.set(request.deduplicationId, { messageId, expires: Date.now() + DEDUP_WINDOW_MS });
    }
    this.remember({
      messageId,
      destination: request.destination,
      method: request.method,
      ...(request.deduplicationId ? { deduplicationId: request.deduplicationId } : {}),
      state: 'pending',
      attempts: [],
    });
    this.schedule(() => this.attempt(messageId, request, 0), request.delayMs);
    return { messageId };
  }

  get(messageId: string): MessageLog | undefined {
    return this.log.get(messageId);
  }

  all(): MessageLog[] {
    return [...this.log.values()];
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.inFlight) c.abort();
  }

  private async attempt(messageId: string, request: PublishRequest, retried: number): Promise<void> {
    const entry = this.log.get(messageId);
    if (!entry || this.stopped) return;
    const record: Attempt = { attempt: retried + 1, at: new Date().toISOString() };
    entry.attempts.push(record);
    let retryable = true;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), ATTEMPT_TIMEOUT_MS);
    try {
      const response = await fetch(request.destination, {
        method: request.method,
        headers: {
          ...request.forwardHeaders,
          'Upstash-Message-Id': messageId,
          'Upstash-Retried': String(retried),
          'Upstash-Signature': await signDelivery(this.signingKey(), request.destination, request.body),
          'User-Agent': 'Upstash-QStash',
        },
        ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: request.body }),
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined); // drain so the connection can be reused
      record.status = response.status;
      if (response.ok) {
        entry.state = 'delivered';
        return;
      }
      // As QStash: only 489 together with Upstash-NonRetryable-Error: true stops the retries.
      retryable = !(response.status === 489 && response.headers.get('upstash-nonretryable-error') === 'true');
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (!retryable || retried >= request.retries) {
      entry.state = 'failed';
      return;
    }
    // QStash backs off exponentially; the base is configurable so tests retry in milliseconds.
    this.schedule(() => this.attempt(messageId, request, retried + 1), this.retryBaseMs * 2 ** retried);
  }

  private schedule(run: () => Promise<void>, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run().catch((err: unknown) => console.error('[qstash stand-in] delivery failed:', err));
    }, delayMs);
    this.timers.add(timer);
  }

  private remember(entry: MessageLog): void {
    this.log.set(entry.messageId, entry);
    if (this.log.size > MAX_LOGGED_MESSAGES) this.log.delete(this.log.keys().next().value!);
  }
}
