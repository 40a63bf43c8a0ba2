import type { Context, TypedResponse } from 'hono';
import type { JSONValue } from 'hono/utils/types';

/** JSON text to embed as is (a stored `payload`, already in the original's output form). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** What a response body looks like to its schema: a `RawJson` stands for some JSON value. */
export type Rendered<T> = T extends RawJson
  ? JSONValue
  : T extends (infer U)[]
    ? Rendered<U>[]
    : T extends object
      ? { [K in keyof T]: Rendered<T[K]> }
      : T;

function stringify(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(stringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${stringify(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A 200 rendered as DRF's JSONRenderer writes it: compact, non-ASCII as is, key order as built,
 * stored payloads verbatim, and U+2028/U+2029 escaped (DRF does so to keep the output a strict
 * JavaScript subset; JSON.stringify does not).
 */
export function drfJson<T extends object>(c: Context, body: T, headers?: Record<string, string>) {
  const text = stringify(body).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  // Typed like `c.json(…, 200)` so the route's response schema still checks the body's shape.
  return c.body(text, 200, { 'Content-Type': 'application/json', ...headers }) as unknown as Response &
    TypedResponse<Rendered<T>, 200, 'json'>;
}
