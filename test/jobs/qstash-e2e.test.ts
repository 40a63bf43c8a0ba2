// End to end through the QStash stand-in: the publisher (src/jobs/queue/publisher.ts) publishes, the
// stand-in delivers with a real Upstash-Signature to the built worker listening at PUBLIC_BASE_URL
// (started by the global setup), and the test polls the database for the effect.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSettings } from '../../src/env.ts';
import { publishJob } from '../../src/jobs/queue/publisher.ts';
import { ownerQuery, seedTenants, type SiteFixture, type Tenants } from '../harness/index.ts';
import { e2eWorkerUrl, insertOrder, insertPolicy, jobPath, orderPaidEffects, settled, sign, waitFor, deliveryOf } from './support.ts';

const settings = () => getSettings(env as any);
let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
  await insertPolicy(t.a, { tgePercent: '20.00', linearPeriods: 6, periodUnit: 'month' });
});

const allocated = (site: SiteFixture, orderId: string) =>
  waitFor(async () => ((await orderPaidEffects(site, orderId)).allocations === 1 ? orderPaidEffects(site, orderId) : undefined), `the allocation of ${orderId}`);

describe('order.paid through QStash', () => {
  it('publish → signed delivery to the worker → allocation, schedule and releases', async () => {
    const order = await insertOrder(t.a, t.alice, { items: ['600.000000'] });
    const { messageId } = await publishJob(settings(), 'order.paid', { order_id: order.orderId, site_id: t.a.siteId });
    expect(await allocated(t.a, order.orderId)).toEqual({ allocations: 1, schedules: 1, releases: 7, records: 1 });
    const delivery = await settled(messageId);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: [{ attempt: 1, status: 200 }] });
  });

  it('the same job delivered three times yields one allocation, one schedule, one set of releases', async () => {
    const order = await insertOrder(t.a, t.alice, { items: ['60.000000'] });
    const payload = { order_id: order.orderId, site_id: t.a.siteId };
    const published = await Promise.all([1, 2, 3].map(() => publishJob(settings(), 'order.paid', payload)));
    expect(new Set(published.map((p) => p.messageId)).size).toBe(3);
    for (const { messageId } of published) expect((await settled(messageId)).state).toBe('delivered');
    expect(await orderPaidEffects(t.a, order.orderId)).toEqual({ allocations: 1, schedules: 1, releases: 7, records: 1 });
    const [record] = await ownerQuery(null, `select count(*)::int as n from idempotency_keys where source = 'qstash' and key = $1`, [`order.paid:${order.orderId}`]);
    expect(record!.n).toBe(1);
  });

  it('a deduplication id makes a second publish the same message', async () => {
    const order = await insertOrder(t.a, t.alice);
    const payload = { order_id: order.orderId, site_id: t.a.siteId };
    const first = await publishJob(settings(), 'order.paid', payload, { deduplicationId: `order-paid-${order.orderId}` });
    const second = await publishJob(settings(), 'order.paid', payload, { deduplicationId: `order-paid-${order.orderId}` });
    expect(second.messageId).toBe(first.messageId);
    await allocated(t.a, order.orderId);
  });

  it('a 5xx from the handler is retried until it succeeds (the site gets its policy meanwhile)', async () => {
    const site = (await seedTenants()).a;
    const order = await insertOrder(site, t.alice, { items: ['10.000000'] });
    const { messageId } = await publishJob(settings(), 'order.paid', { order_id: order.orderId, site_id: site.siteId }, { retries: 10 });
    await waitFor(async () => ((await deliveryOf(messageId)).attempts.some((a) => a.status === 503) ? true : undefined), 'a 503 attempt');
    expect(await orderPaidEffects(site, order.orderId)).toEqual({ allocations: 0, schedules: 0, releases: 0, records: 0 });
    await insertPolicy(site, { tgePercent: '0.00', linearPeriods: 2 });
    const delivery = await settled(messageId, 30_000);
    expect(delivery.state).toBe('delivered');
    const statuses = delivery.attempts.map((a) => a.status);
    expect(statuses[0]).toBe(503);
    expect(statuses.at(-1)).toBe(200);
    expect(await orderPaidEffects(site, order.orderId)).toEqual({ allocations: 1, schedules: 1, releases: 2, records: 1 });
  });

  it('a permanent failure is not retried (Upstash-NonRetryable-Error)', async () => {
    const order = await insertOrder(t.a, t.alice, { status: 'pending' });
    const { messageId } = await publishJob(settings(), 'order.paid', { order_id: order.orderId, site_id: t.a.siteId });
    expect(await settled(messageId)).toMatchObject({ state: 'failed', attempts: [{ attempt: 1, status: 489 }] });
    expect(await orderPaidEffects(t.a, order.orderId)).toEqual({ allocations: 0, schedules: 0, releases: 0, records: 0 });
  });
});

describe('the listening worker refuses unsigned and forged deliveries', () => {
  it('401 over HTTP, no effect', async () => {
    const order = await insertOrder(t.a, t.alice);
    const body = JSON.stringify({ order_id: order.orderId, site_id: t.a.siteId });
    const post = (headers: Record<string, string>) =>
      fetch(`${e2eWorkerUrl()}${jobPath('order.paid')}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
    const unsigned = await post({});
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
    const forged = await post({ 'Upstash-Signature': await sign('order.paid', body, { key: 'sig_forgedForgedForgedForgedForged' }) });
    expect(forged.status).toBe(401);
    expect(await orderPaidEffects(t.a, order.orderId)).toEqual({ allocations: 0, schedules: 0, releases: 0, records: 0 });
    // The genuine signature works over the same HTTP path.
    const genuine = await post({ 'Upstash-Signature': await sign('order.paid', body) });
    expect(genuine.status).toBe(200);
    expect(await orderPaidEffects(t.a, order.orderId)).toMatchObject({ allocations: 1 });
  });
});
