// A destination for tests that run inside workerd (which cannot listen on a port): it records each
// request exactly as delivered (raw body, all headers) so the test can verify the signature itself.
// `?fail=K` answers 500 to the first K requests for that sink name, to exercise retries;
// `?status=N` always answers N; `&nonretryable=1` adds `Upstash-NonRetryable-Error: true` (with 489,
// QStash's "do not retry").
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../http.ts';

export type SinkRecord = { method: string; url: string; headers: Record<string, string>; body: string; at: string };

export class Sink {
  private readonly records = new Map<string, SinkRecord[]>();

  async handle(req: IncomingMessage, res: ServerResponse, name: string, url: URL, selfUrl: string): Promise<void> {
    if (req.method === 'GET') {
      sendJson(res, 200, { requests: this.records.get(name) ?? [] });
      return;
    }
    const body = await readBody(req);
    const list = this.records.get(name) ?? [];
    this.records.set(name, list);
    list.push({
      method: req.method ?? 'POST',
      url: `${selfUrl}${url.pathname}${url.search}`,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      body: body.toString('utf8'),
      at: new Date().toISOString(),
    });
    const status = Number.parseInt(url.searchParams.get('status') ?? '0', 10);
    const failFirst = Number.parseInt(url.searchParams.get('fail') ?? '0', 10);
    if (url.searchParams.has('nonretryable')) res.setHeader('Upstash-NonRetryable-Error', 'true');
    if (status >= 200 && status <= 599) sendJson(res, status, { status });
    else if (list.length <= failFirst) sendJson(res, 500, { error: `sink ${name}: failing attempt ${list.length} of ${failFirst}` });
    else sendJson(res, 200, { ok: true });
  }
}
