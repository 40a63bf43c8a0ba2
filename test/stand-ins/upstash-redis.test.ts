// The Upstash Redis REST protocol, driven by the real @upstash/redis client.
import { Redis } from '@upstash/redis/cloudflare';
import { describe, expect, it } from 'vitest';
import { stack } from './support.ts';

const prefix = `standin:${crypto.randomUUID()}:`;
const redis = () => new Redis({ url: stack.upstash.url, token: stack.upstash.token });

describe('commands', () => {
  it('set / get / incr round-trip, with JSON values decoded by the client', async () => {
    const r = redis();
    expect(await r.set(`${prefix}doc`, { name: 'Zoë ☕', n: 1 })).toBe('OK');
    expect(await r.get(`${prefix}doc`)).toEqual({ name: 'Zoë ☕', n: 1 });
    expect(await r.incr(`${prefix}counter`)).toBe(1);
    expect(await r.incr(`${prefix}counter`)).toBe(2);
    expect(await r.get(`${prefix}missing`)).toBeNull();
    await r.hset(`${prefix}hash`, { a: '1', b: 'two' });
    expect(await r.hgetall(`${prefix}hash`)).toEqual({ a: 1, b: 'two' });
    expect(await r.set(`${prefix}ttl`, 'v', { ex: 60 })).toBe('OK');
    expect(await r.ttl(`${prefix}ttl`)).toBeGreaterThan(0);
  });

  it('a key set again after it expired keeps its new value (the readiness check does this every 10 s)', async () => {
    const r = redis();
    expect(await r.set(`${prefix}expiring`, 'ok', { px: 50 })).toBe('OK');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await r.set(`${prefix}expiring`, 'ok', { ex: 10 })).toBe('OK');
    expect(await r.get(`${prefix}expiring`)).toBe('ok');
  });

  it('keeps binary-ish strings intact through the base64 response encoding', async () => {
    const value = 'nul:\u0000 latin:\u00ff snow:☃ emoji:🦄 quote:" backslash:\\ newline:\n';
    await redis().set(`${prefix}bin`, value);
    expect(await redis().get(`${prefix}bin`)).toBe(value);
    const plain = new Redis({ url: stack.upstash.url, token: stack.upstash.token, responseEncoding: false });
    expect(await plain.get(`${prefix}bin`)).toBe(value);
  });

  it('answers base64 only when the request says Upstash-Encoding: base64', async () => {
    await redis().set(`${prefix}enc`, 'héllo');
    const ask = async (headers: Record<string, string>) =>
      (await fetch(stack.upstash.url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${stack.upstash.token}`, ...headers },
        body: JSON.stringify(['GET', `${prefix}enc`]),
      }).then((r) => r.json())) as { result: string };
    expect(await ask({ 'Upstash-Encoding': 'base64' })).toEqual({ result: 'aMOpbGxv' }); // UTF-8 bytes of 'héllo'
    expect(await ask({})).toEqual({ result: 'héllo' });
  });

  it('pipeline returns one result per command, in order', async () => {
    const results = await redis().pipeline().set(`${prefix}p`, 1).incr(`${prefix}p`).get(`${prefix}p`).exec();
    expect(results).toEqual(['OK', 2, 2]);
  });

  it('multi-exec runs the commands as one transaction', async () => {
    const results = await redis().multi().set(`${prefix}m`, 'v').get(`${prefix}m`).del(`${prefix}m`).exec();
    expect(results).toEqual(['OK', 'v', 1]);
  });

  it('multi-exec: a command failing while running answers its own error, the others still apply (as Redis)', async () => {
    await redis().set(`${prefix}mx-text`, 'not a list');
    const raw = await fetch(`${stack.upstash.url}/multi-exec`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.upstash.token}` },
      body: JSON.stringify([['SET', `${prefix}mx-a`, '1'], ['LPUSH', `${prefix}mx-text`, 'x'], ['SET', `${prefix}mx-b`, '2']]),
    });
    expect(raw.status).toBe(200);
    const entries = (await raw.json()) as Array<{ result?: unknown; error?: string }>;
    expect(entries.map((e) => Object.keys(e)[0])).toEqual(['result', 'error', 'result']);
    expect(await redis().get(`${prefix}mx-b`)).toBe(2);
    // An unknown command discards the whole transaction before anything runs.
    const aborted = await fetch(`${stack.upstash.url}/multi-exec`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.upstash.token}` },
      body: JSON.stringify([['SET', `${prefix}mx-c`, '3'], ['NOSUCHCOMMAND', 'x']]),
    });
    expect(aborted.status).toBe(400);
    expect(((await aborted.json()) as { error: string }).error).toMatch(/EXECABORT/);
    expect(await redis().get(`${prefix}mx-c`)).toBeNull();
  });

  it('reports a Redis error for a failing command', async () => {
    await redis().set(`${prefix}text`, 'not a number');
    // ioredis-mock words it differently from Redis; both are errors the client raises.
    const message = stack.upstash.backend === 'redis' ? /WRONGTYPE/ : /does not contain a list/;
    await expect(redis().lpush(`${prefix}text`, 'x')).rejects.toThrow(message);
    const raw = await fetch(stack.upstash.url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.upstash.token}` },
      body: JSON.stringify(['SET', `${prefix}text`, 'v', 'NX', 'XX']),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ error: 'ERR syntax error' });
  });

  it('rejects a wrong token with 401', async () => {
    const res = await fetch(stack.upstash.url, {
      method: 'POST',
      headers: { Authorization: 'Bearer wrong' },
      body: JSON.stringify(['PING']),
    });
    expect(res.status).toBe(401);
    await expect(new Redis({ url: stack.upstash.url, token: 'wrong' }).get('x')).rejects.toThrow(/Unauthorized/);
  });
});
