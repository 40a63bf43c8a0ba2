// Reads a publish request the way QStash does: Upstash-* headers steer delivery, Upstash-Forward-*
// headers (and Content-Type) travel to the destination.
import { createHash } from 'node:crypto';

export type PublishRequest = {
  destination: string;
  method: string;
  body: Buffer;
  /** Headers delivered with the message (forwarded ones with their prefix removed). */
  forwardHeaders: Record<string, string>;
  delayMs: number;
  retries: number;
  deduplicationId?: string;
};

export const DEFAULT_RETRIES = 3;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export class PublishError extends Error {}

export function parsePublish(destination: string, headers: Record<string, string>, body: Buffer): PublishRequest {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    throw new PublishError(`invalid destination url: ${destination} (topics / url groups are not supported locally)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PublishError(`invalid destination url: ${destination}`);

  const h = lowerCaseKeys(headers);
  const forwardHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const match = /^upstash-forward-(.+)$/i.exec(name);
    if (match) forwardHeaders[match[1]!] = value;
  }
  if (h['content-type']) forwardHeaders['Content-Type'] = h['content-type'];

  const retries = h['upstash-retries'] === undefined ? DEFAULT_RETRIES : Number.parseInt(h['upstash-retries'], 10);
  if (!Number.isInteger(retries) || retries < 0) throw new PublishError(`invalid Upstash-Retries: ${h['upstash-retries']}`);

  let deduplicationId = h['upstash-deduplication-id'];
  if (!deduplicationId && h['upstash-content-based-deduplication'] === 'true') {
    deduplicationId = createHash('sha256').update(destination).update('\n').update(body).digest('hex');
  }

  return {
    destination,
    method: (h['upstash-method'] ?? 'POST').toUpperCase(),
    body,
    forwardHeaders,
    delayMs: delayMs(h),
    retries,
    ...(deduplicationId ? { deduplicationId } : {}),
  };
}

function delayMs(h: Record<string, string>): number {
  const notBefore = h['upstash-not-before'];
  if (notBefore !== undefined) return Math.max(0, Number(notBefore) * 1000 - Date.now());
  const delay = h['upstash-delay'];
  if (delay === undefined) return 0;
  // QStash durations: "10s", "5m", "1h", "2d" (or combinations like "1h30m").
  let total = 0;
  const parts = delay.match(/\d+[smhd]/g);
  if (!parts || parts.join('') !== delay) throw new PublishError(`invalid Upstash-Delay: ${delay}`);
  for (const part of parts) total += Number.parseInt(part, 10) * UNIT_MS[part.slice(-1)]!;
  return total;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
