import { exports } from 'cloudflare:workers';
import { stack } from './stack.ts';

export interface CallOptions {
  method?: string;
  /** Site code sent as X-Site-Code; null sends none. */
  site?: string | null;
  token?: string | null;
  /** JSON-encoded unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
  host?: string;
}

/** One HTTP request to the worker, exactly as a client sends it. */
export function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.site) headers.set('X-Site-Code', options.site);
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  }
  const url = `http://${options.host ?? 'api.posx.test'}${path}`;
  return (exports as any).default.fetch(new Request(url, { method: options.method ?? 'GET', headers, body, redirect: 'manual' }));
}

/** Database round trips the Neon stand-in served for one request (by its X-Request-ID). */
export async function roundTripsOf(res: Response): Promise<number> {
  const id = res.headers.get('X-Request-ID');
  const stats = await fetch(`${stack().neon.url}/__stats?request_id=${id}`);
  return ((await stats.json()) as { roundTrips: number }).roundTrips;
}
