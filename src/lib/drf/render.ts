import type { Context, TypedResponse } from 'hono';
import type { JSONValue } from 'hono/utils/types';

/** JSON text to embed as is (a stored `payload`, already in the original's output form). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** What a response body looks like to its schema: a `RawJson` stands for some JSON value. */
export type Rendered<T> = T extends RawJson
  ? JSONValue
  : T extends Map<string, infer V>
    ? Record<string, Rendered<V>>
    : T extends (infer U)[]
    ? Rendered<U>[]
    : T extends object
      ? { [K in keyof T]: Rendered<T[K]> }
      : T;

function stringify(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(stringify).join(',')}]`;
  if (value instanceof Map) return object([...value]);
  if (value !== null && typeof value === 'object') return object(Object.entries(value));
  return JSON.stringify(value);
}

/** A Map renders as an object keeping its insertion order for any key, as a Python dict does. */
function object(entries: [string, unknown][]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stringify(v)}`).join(',')}}`;
}

/**
 * The text DRF's JSONRenderer writes: compact, non-ASCII as is, key order as built, stored payloads
 * verbatim, and U+2028/U+2029 escaped (DRF does so to keep the output a strict JavaScript subset;
 * JSON.stringify does not).
 */
export function renderDrfJson(body: object): string {
  return stringify(body).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A 200 with `body` rendered by `renderDrfJson` (or `text` when the caller already rendered it). */
export function drfJson<T extends object>(c: Context, body: T, headers?: Record<string, string>, text = renderDrfJson(body)) {
  // Typed like `c.json(…, 200)` so the route's response schema still checks the body's shape.
  return c.body(text, 200, { 'Content-Type': 'application/json', ...headers }) as unknown as Response &
    TypedResponse<Rendered<T>, 200, 'json'>;
}
