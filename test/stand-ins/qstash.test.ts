// The QStash stand-in, driven by @upstash/qstash: Client publishes, the stand-in delivers to its own
// sink (workerd cannot listen), and Receiver verifies each delivery's Upstash-Signature.
import { Client, Receiver } from '@upstash/qstash';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../harness/wait-for.ts';
import { getJson, stack } from './support.ts';

type SinkRequest = { method: string; url: string; headers: Record<string, string>; body: string };
type Delivery = { state: string; attempts: { attempt: number; status?: number }[] };

const client = () => new Client({ baseUrl: stack.qstash.url, token: stack.qstash.token, retry: false });
const receiver = () =>
  new Receiver({ currentSigningKey: stack.qstash.currentSigningKey, nextSigningKey: stack.qstash.nextSigningKey });
const sinkName = () => `s${crypto.randomUUID().slice(0, 8)}`;
const sinkRequests = async (name: string) => (await getJson<{ requests: SinkRequest[] }>(`${stack.qstash.url}/__sink/${name}`)).requests;

async function received(name: string, count: number): Promise<SinkRequest[]> {
  return waitFor(async () => {
    const requests = await sinkRequests(name);
    return requests.length >= count ? requests : undefined;
  }, `${count} request(s) at sink ${name}`, 5_000);
}

async function settled(messageId: string): Promise<Delivery> {
  return waitFor(async () => {
    const d = await getJson<Delivery>(`${stack.qstash.url}/__deliveries?messageId=${messageId}`);
    return d.state === 'pending' ? undefined : d;
  }, `message ${messageId} to settle`, 5_000);
}

describe('publish and signed delivery', () => {
  it('delivers publishJSON to the destination with headers and a signature Receiver accepts', async () => {
    const name = sinkName();
    const url = `${stack.qstash.url}/__sink/${name}`;
    const { messageId } = await client().publishJSON({ url, body: { orderId: 'o-1', note: 'Zoë ☕' }, headers: { 'X-Site': 'site-1' } });
    expect(messageId).toMatch(/^msg_/);

    const [delivery] = await received(name, 1);
    expect(delivery!.method).toBe('POST');
    expect(JSON.parse(delivery!.body)).toEqual({ orderId: 'o-1', note: 'Zoë ☕' });
    expect(delivery!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-site': 'site-1',
      'upstash-message-id': messageId,
      'upstash-retried': '0',
    });
    const signature = delivery!.headers['upstash-signature']!;
    expect(await receiver().verify({ signature, body: delivery!.body, url })).toBe(true);
  });

  it('signs with the current key; a receiver that only knows it as the "next" key still accepts', async () => {
    const name = sinkName();
    const url = `${stack.qstash.url}/__sink/${name}`;
    await client().publishJSON({ url, body: { n: 1 } });
    const [delivery] = await received(name, 1);
    const rotated = new Receiver({ currentSigningKey: 'sig_someOtherKeyAltogether000000', nextSigningKey: stack.qstash.currentSigningKey });
    expect(await rotated.verify({ signature: delivery!.headers['upstash-signature']!, body: delivery!.body, url })).toBe(true);
  });

  it('rejects a forged signature, a tampered body and a different url', async () => {
    const name = sinkName();
    const url = `${stack.qstash.url}/__sink/${name}`;
    await client().publishJSON({ url, body: { amount: '10.00' } });
    const [delivery] = await received(name, 1);
    const genuine = delivery!.headers['upstash-signature']!;

    const bodyHash = genuine.split('.')[1]!;
    const claims = JSON.parse(atob(bodyHash.replaceAll('-', '+').replaceAll('_', '/'))) as Record<string, unknown>;
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode('sig_notTheRealKeyNotTheRealKey00'));

    await expect(receiver().verify({ signature: forged, body: delivery!.body, url })).rejects.toThrow();
    await expect(receiver().verify({ signature: genuine, body: '{"amount":"99.00"}', url })).rejects.toThrow(/body hash/);
    await expect(receiver().verify({ signature: genuine, body: delivery!.body, url: `${url}x` })).rejects.toThrow(/subject/);
  });
});

describe('retries', () => {
  it('retries a destination that answers 500 twice, then succeeds', async () => {
    const name = sinkName();
    const url = `${stack.qstash.url}/__sink/${name}?fail=2`;
    const { messageId } = await client().publishJSON({ url, body: { job: 'retry-me' } });

    const delivery = await settled(messageId);
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    const requests = await sinkRequests(name);
    expect(requests.map((r) => r.headers['upstash-retried'])).toEqual(['0', '1', '2']);
    // Every attempt carries a valid signature for the exact destination url.
    for (const r of requests) {
      expect(await receiver().verify({ signature: r.headers['upstash-signature']!, body: r.body, url })).toBe(true);
    }
  });

  it('gives up after Upstash-Retries', async () => {
    const name = sinkName();
    const { messageId } = await client().publishJSON({ url: `${stack.qstash.url}/__sink/${name}?fail=10`, body: {}, retries: 1 });
    const delivery = await settled(messageId);
    expect(delivery.state).toBe('failed');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500]);
  });

  it('never retries a 489 with Upstash-NonRetryable-Error: true, but retries either alone', async () => {
    const publish = async (query: string) =>
      settled((await client().publishJSON({ url: `${stack.qstash.url}/__sink/${sinkName()}?${query}`, body: {}, retries: 1 })).messageId);
    expect(await publish('status=489&nonretryable=1')).toMatchObject({ state: 'failed', attempts: [{ attempt: 1, status: 489 }] });
    expect((await publish('status=489')).attempts.map((a) => a.status)).toEqual([489, 489]);
    expect((await publish('status=400&nonretryable=1')).attempts.map((a) => a.status)).toEqual([400, 400]);
  });
});

describe('deduplication and delay', () => {
  it('the same deduplication id yields the same message id and one delivery', async () => {
    const name = sinkName();
    const url = `${stack.qstash.url}/__sink/${name}`;
    const deduplicationId = `dedup-${crypto.randomUUID()}`;
    const first = await client().publishJSON({ url, body: { n: 1 }, deduplicationId });
    const second = await client().publishJSON({ url, body: { n: 2 }, deduplicationId });
    expect(second.messageId).toBe(first.messageId);
    await settled(first.messageId);
    await new Promise((r) => setTimeout(r, 100));
    expect(await sinkRequests(name)).toHaveLength(1);
  });

  it('holds a delayed message until its delay has passed', async () => {
    const name = sinkName();
    const started = Date.now();
    const { messageId } = await client().publishJSON({ url: `${stack.qstash.url}/__sink/${name}`, body: {}, delay: 1 });
    expect(await sinkRequests(name)).toHaveLength(0);
    await settled(messageId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

it('rejects a wrong token with 401', async () => {
  const res = await fetch(`${stack.qstash.url}/v2/publish/${stack.qstash.url}/__sink/x`, {
    method: 'POST',
    headers: { Authorization: 'Bearer wrong' },
    body: '{}',
  });
  expect(res.status).toBe(401);
});
