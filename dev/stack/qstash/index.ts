// The QStash stand-in: the publish API @upstash/qstash's Client calls (POST /v2/publish/{url},
// /v2/batch), signed deliveries with retries, a delivery log, and a test sink.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { listen, readBody, requestUrl, sendJson } from '../http.ts';
import { Dispatcher } from './delivery.ts';
import { PublishError, parsePublish } from './publish-request.ts';
import { newSigningKey } from './signing.ts';
import { Sink } from './sink.ts';

export type QStashStandIn = {
  url: string;
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  stop(): Promise<void>;
};

type BatchEntry = { destination?: string; headers?: Record<string, string>; body?: string };

export async function startQStashStandIn(options: { port?: number; retryBaseMs?: number } = {}): Promise<QStashStandIn> {
  const token = `local_${randomBytes(16).toString('hex')}`;
  const currentSigningKey = newSigningKey();
  const nextSigningKey = newSigningKey();
  const dispatcher = new Dispatcher(() => currentSigningKey, options.retryBaseMs ?? 1_000);
  const sink = new Sink();
  let selfUrl = '';

  const running = await listen('qstash', options.port ?? 0, async (req, res) => {
    const url = requestUrl(req);
    const path = url.pathname;

    // Test-only routes (no token: tests and deliveries reach them directly).
    const sinkName = /^\/__sink\/([^/]+)$/.exec(path)?.[1];
    if (sinkName) return sink.handle(req, res, decodeURIComponent(sinkName), url, selfUrl);
    if (req.method === 'GET' && path === '/__deliveries') {
      const id = url.searchParams.get('messageId');
      if (!id) return sendJson(res, 200, { messages: dispatcher.all() });
      const entry = dispatcher.get(id);
      return entry ? sendJson(res, 200, entry) : sendJson(res, 404, { error: `unknown message ${id}` });
    }

    if (req.headers.authorization !== `Bearer ${token}`) {
      return sendJson(res, 401, { error: 'Unauthorized' });
    }
    try {
      if (req.method === 'POST' && path.startsWith('/v2/publish/')) {
        // The destination is the rest of the raw path plus its query (e.g. …/__sink/x?fail=2).
        const destination = path.slice('/v2/publish/'.length) + url.search;
        const request = parsePublish(destination, flatHeaders(req.headers), await readBody(req));
        return sendJson(res, 201, dispatcher.publish(request));
      }
      if (req.method === 'POST' && path === '/v2/batch') {
        const entries = JSON.parse((await readBody(req)).toString('utf8')) as BatchEntry[];
        if (!Array.isArray(entries)) throw new PublishError('batch body must be an array');
        const requests = entries.map((e) =>
          parsePublish(e.destination ?? '', e.headers ?? {}, Buffer.from(e.body ?? '', 'utf8')),
        );
        return sendJson(res, 201, requests.map((r) => dispatcher.publish(r)));
      }
    } catch (err) {
      if (err instanceof PublishError || err instanceof SyntaxError) return sendJson(res, 400, { error: err.message });
      throw err;
    }
    sendJson(res, 404, { error: `qstash stand-in: no route ${req.method} ${path}` });
  });
  selfUrl = running.url;

  return {
    url: running.url,
    token,
    currentSigningKey,
    nextSigningKey,
    stop: async () => {
      dispatcher.stop();
      await running.close();
    },
  };
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
