// The Upstash Redis stand-in: the REST protocol @upstash/redis speaks (POST / with one command,
// /pipeline, /multi-exec; Bearer token; base64 replies on request) in front of Redis or memory.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { listen, readJson, requestUrl, sendJson } from '../http.ts';
import { ioredisBackend, memoryBackend } from './backend.ts';
import type { RedisBackend, Reply } from './backend.ts';
import { encodeReply, toCommand } from './encoding.ts';
import { ScriptRewriter } from './scripts.ts';

export type UpstashStandIn = {
  url: string;
  token: string;
  /** 'redis' when backed by REDIS_URL, 'memory' for ioredis-mock. */
  backend: 'redis' | 'memory';
  stop(): Promise<void>;
};

export async function startUpstashStandIn(
  options: { redisUrl?: string; token?: string; port?: number } = {},
): Promise<UpstashStandIn> {
  const token = options.token ?? `local_${randomBytes(16).toString('hex')}`;
  const backend: RedisBackend = options.redisUrl ? ioredisBackend(options.redisUrl) : memoryBackend();
  if (options.redisUrl) await backend.call(['PING']); // a wrong REDIS_URL fails at start, clearly
  const scripts = new ScriptRewriter();

  const run = async (command: string[]): Promise<Reply> => {
    const reply = await backend.call(scripts.rewrite(command));
    return scripts.loadReplyHash(command) ?? reply;
  };

  const running = await listen('upstash', options.port ?? 0, async (req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      sendJson(res, 401, { error: 'Unauthorized' });
      return;
    }
    const path = requestUrl(req).pathname.replace(/\/+$/, '') || '/';
    if (req.method !== 'POST' || !['/', '/pipeline', '/multi-exec'].includes(path)) {
      sendJson(res, 404, { error: `upstash stand-in: no route ${req.method} ${path}` });
      return;
    }
    const body = await readJson(req, res);
    if (body === undefined) return;
    const base64 = isBase64(req);

    if (path === '/') {
      const command = toCommand(body);
      if (!command) return sendJson(res, 400, { error: 'ERR command must be a non-empty JSON array' });
      try {
        sendJson(res, 200, { result: encodeReply(await run(command), base64) });
      } catch (err) {
        sendJson(res, 400, { error: errorText(err) });
      }
      return;
    }

    const commands = Array.isArray(body) ? body.map(toCommand) : [];
    if (commands.length === 0 || commands.some((c) => !c)) {
      return sendJson(res, 400, { error: 'ERR body must be a non-empty array of command arrays' });
    }
    if (path === '/pipeline') {
      // Not atomic (like Upstash): each entry answers on its own.
      const settled = await Promise.allSettled((commands as string[][]).map(run));
      sendJson(res, 200, settled.map((s) => (s.status === 'fulfilled' ? { result: encodeReply(s.value, base64) } : { error: errorText(s.reason) })));
      return;
    }
    try {
      const entries = await backend.multi((commands as string[][]).map((c) => scripts.rewrite(c)));
      sendJson(res, 200, entries.map((e) => ('error' in e ? e : { result: encodeReply(e.result, base64) })));
    } catch (err) {
      sendJson(res, 400, { error: errorText(err) });
    }
  });

  return {
    url: running.url,
    token,
    backend: backend.kind,
    stop: async () => {
      await running.close();
      await backend.close();
    },
  };
}

function isBase64(req: IncomingMessage): boolean {
  return String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
