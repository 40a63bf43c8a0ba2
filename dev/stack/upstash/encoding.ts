// Upstash answers in JSON. With `Upstash-Encoding: base64` every string reply is base64 of its bytes
// (the client decodes them back), which keeps binary values intact through JSON.
import type { Reply } from './backend.ts';

export function encodeReply(reply: Reply, base64: boolean): unknown {
  if (reply === null || reply === undefined || typeof reply === 'number') return reply ?? null;
  if (Array.isArray(reply)) return reply.map((r) => encodeReply(r, base64));
  const bytes = Buffer.isBuffer(reply) ? reply : Buffer.from(String(reply), 'utf8');
  return base64 ? bytes.toString('base64') : bytes.toString('utf8');
}

/** Upstash accepts numbers and booleans in a command array; Redis wants strings. */
export function toCommand(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.map((part) => (typeof part === 'string' ? part : typeof part === 'object' && part !== null ? JSON.stringify(part) : String(part)));
}
