// Notifications API, who sees and changes what: authentication and site on every endpoint, a
// cross-site and a cross-user test for EVERY endpoint, and concurrent mark-read calls (never a
// double count, never a failure). HTTP in, JSON out, real Postgres.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, ownerQuery, seedTenants, tokenFor, type Tenants } from '../harness/index.ts';
import { expectError } from '../harness/expect-error.ts';
import { as, idsOf, insertNotifications, readAtOf, receiptsOf } from './fixtures.ts';

let t: Tenants;
const n: Record<string, string> = {};

beforeAll(async () => {
  t = await seedTenants();
  [n.aliceA, n.bobA, n.broadcastA] = await insertNotifications(t.a, [
    { recipientId: t.alice.userId, category: 'a-personal', severity: 'high', visibleAt: { in: -10 } },
    { recipientId: t.bob.userId, category: 'a-bob', severity: 'warning', visibleAt: { in: -20 } },
    { category: 'a-broadcast', severity: 'info', visibleAt: { in: -30 } },
  ]);
  [n.aliceB, n.broadcastB] = await insertNotifications(t.b, [
    { recipientId: t.alice.userId, category: 'b-personal', severity: 'critical', visibleAt: { in: -10 } },
    { category: 'b-broadcast', severity: 'warning', visibleAt: { in: -20 } },
  ]);
});

const endpoints = () => ['', `${n.aliceA}/`, 'unread-count/', 'announcements/'];

describe('authentication and site (§c.2, §c.4, decision D1)', () => {
  it('every endpoint needs a token: 401 with WWW-Authenticate: Bearer', async () => {
    for (const path of endpoints()) {
      const res = await call(`/api/v1/notifications/${path}`, { site: t.a.code });
      expect(res.headers.get('WWW-Authenticate'), path).toBe('Bearer');
      await expectError(res, 401, 'AUTH.UNAUTHORIZED', { detail: 'Authentication credentials were not provided.' });
    }
    const patch = await call('/api/v1/notifications/mark-read/', { method: 'PATCH', site: t.a.code, body: { mark_all: true } });
    await expectError(patch, 401, 'AUTH.UNAUTHORIZED', { detail: 'Authentication credentials were not provided.' });
  });

  it('a token the identity provider did not sign is 401', async () => {
    const forged = `${t.alice.token.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
    for (const path of endpoints()) {
      expect((await as({ ...t.alice, token: forged }, t.a).get(path)).status, path).toBe(401);
    }
    expect((await as({ ...t.alice, token: forged }, t.a).patch({ mark_all: true })).status).toBe(401);
    expect(await readAtOf(t.a, n.aliceA!)).toBeNull();
  });

  it('an inactive user is 401 on every endpoint and changes nothing', async () => {
    await insertNotifications(t.a, [{ recipientId: t.dave.userId }]);
    for (const path of endpoints()) {
      const res = await as(t.dave, t.a).get(path);
      await expectError(res, 401, 'AUTH.UNAUTHORIZED', { detail: 'User inactive or deleted.' });
    }
    await expectError(await as(t.dave, t.a).patch({ mark_all: true }), 401, 'AUTH.UNAUTHORIZED', { detail: 'User inactive or deleted.' });
    expect(await receiptsOf(t.a, t.dave)).toEqual([]);
  });

  it('an inactive user is 401 even when the request would be refused anyway (405, bad query, id or body, 415)', async () => {
    const dave = as(t.dave, t.a);
    const refused = [
      await dave.get('', { method: 'POST' }),
      await dave.get('?page=0'),
      await dave.get('?format=xml'),
      await dave.get('not-a-uuid/'),
      await dave.patch({ notification_ids: 'x' }),
      await dave.patch('mark_all=true', { headers: { 'Content-Type': 'text/plain' } }),
    ];
    for (const res of refused) await expectError(res, 401, 'AUTH.UNAUTHORIZED', { detail: 'User inactive or deleted.' });
    // An active caller still hears why.
    await expectError(await as(t.alice, t.a).get('not-a-uuid/'), 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
    await expectError(await as(t.alice, t.a).get('', { method: 'POST' }), 405, 'ERROR.HTTP_405', { detail: 'Method "POST" not allowed.' });
  });

  it('a missing, unknown or inactive site is 400 invalid_site', async () => {
    for (const site of [null, 'NOPE', t.inactive.code]) {
      for (const path of endpoints()) {
        const res = await call(`/api/v1/notifications/${path}`, { site, token: t.alice.token, host: 'nowhere.posx.test' });
        expect(res.status, `${site} ${path}`).toBe(400);
        expect(((await res.json()) as any).error).toBe('invalid_site');
      }
    }
  });

  it('a user first seen is provisioned and sees broadcasts only', async () => {
    const newcomer = { userId: '', sub: `test|newcomer-${crypto.randomUUID()}`, token: '' };
    newcomer.token = await tokenFor(newcomer.sub);
    expect(idsOf(await as(newcomer, t.a).json(''))).toEqual([n.broadcastA]);
  });
});

describe('cross-site: nothing of another site, on every endpoint (decision D4)', () => {
  it('list', async () => {
    expect(idsOf(await as(t.alice, t.a).json(''))).toEqual([n.aliceA, n.broadcastA]);
    expect(idsOf(await as(t.alice, t.b).json(''))).toEqual([n.aliceB, n.broadcastB]);
    expect(idsOf(await as(t.alice, t.a).json('?category=b-personal'))).toEqual([]);
  });

  it('detail', async () => {
    for (const id of [n.aliceB, n.broadcastB]) {
      await expectError(await as(t.alice, t.a).get(`${id}/`), 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
      expect((await as(t.alice, t.b).get(`${id}/`)).status).toBe(200);
    }
    await expectError(await as(t.alice, t.b).get(`${n.aliceA}/`), 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
  });

  it('announcements', async () => {
    expect(idsOf(await as(t.alice, t.a).json('announcements/'))).toEqual([n.broadcastA]);
    expect(idsOf(await as(t.alice, t.b).json('announcements/'))).toEqual([n.broadcastB]);
  });

  it('unread-count', async () => {
    expect(await as(t.alice, t.a).json('unread-count/')).toEqual({
      total: 2,
      by_category: { 'a-broadcast': 1, 'a-personal': 1 },
      by_severity: { high: 1, info: 1 },
    });
    expect(await as(t.alice, t.b).json('unread-count/')).toEqual({
      total: 2,
      by_category: { 'b-broadcast': 1, 'b-personal': 1 },
      by_severity: { critical: 1, warning: 1 },
    });
  });

  it('mark-read: ids of another site are ignored, and mark_all stays on this site', async () => {
    const fresh = await seedTenants();
    const [pA, bA] = await insertNotifications(fresh.a, [{ recipientId: fresh.alice.userId }, {}]);
    const [pB, bB] = await insertNotifications(fresh.b, [{ recipientId: fresh.alice.userId }, {}]);
    const onA = as(fresh.alice, fresh.a);
    expect(await onA.markRead({ notification_ids: [pB, bB] })).toEqual({ marked_count: 0, personal_count: 0, broadcast_count: 0 });
    expect(await readAtOf(fresh.b, pB!)).toBeNull();
    expect(await receiptsOf(fresh.b, fresh.alice)).toEqual([]);
    expect(await onA.markRead({ mark_all: true })).toEqual({ marked_count: 2, personal_count: 1, broadcast_count: 1 });
    expect(await readAtOf(fresh.a, pA!)).not.toBeNull();
    expect(await receiptsOf(fresh.a, fresh.alice)).toEqual([bA]);
    expect(await readAtOf(fresh.b, pB!)).toBeNull();
    expect(await receiptsOf(fresh.b, fresh.alice)).toEqual([]);
    expect((await as(fresh.alice, fresh.b).json('unread-count/')).total).toBe(2);
  });
});

describe("cross-user: never another user's rows or read state, on every endpoint", () => {
  it('list', async () => {
    expect(idsOf(await as(t.bob, t.a).json(''))).toEqual([n.bobA, n.broadcastA]);
    expect(idsOf(await as(t.carol, t.a).json(''))).toEqual([n.broadcastA]);
  });

  it('detail', async () => {
    await expectError(await as(t.bob, t.a).get(`${n.aliceA}/`), 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
    await expectError(await as(t.alice, t.a).get(`${n.bobA}/`), 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
    await expectError(await as(t.carol, t.a).get(`${n.aliceA}/`), 404, 'RESOURCE.NOT_FOUND', { detail: 'Not found.' });
    expect((await as(t.carol, t.a).get(`${n.broadcastA}/`)).status).toBe(200);
  });

  it('unread-count', async () => {
    expect(await as(t.bob, t.a).json('unread-count/')).toEqual({
      total: 2,
      by_category: { 'a-bob': 1, 'a-broadcast': 1 },
      by_severity: { info: 1, warning: 1 },
    });
    expect(await as(t.carol, t.a).json('unread-count/')).toEqual({ total: 1, by_category: { 'a-broadcast': 1 }, by_severity: { info: 1 } });
  });

  it("mark-read and announcements: another user's ids are ignored; a receipt is its reader's only", async () => {
    const fresh = await seedTenants();
    const [forAlice, forBob, broadcast] = await insertNotifications(fresh.a, [
      { recipientId: fresh.alice.userId, visibleAt: { in: -10 } },
      { recipientId: fresh.bob.userId, visibleAt: { in: -20 } },
      { visibleAt: { in: -30 } },
    ]);
    const bob = as(fresh.bob, fresh.a);
    const alice = as(fresh.alice, fresh.a);
    expect(await bob.markRead({ notification_ids: [forAlice] })).toEqual({ marked_count: 0, personal_count: 0, broadcast_count: 0 });
    expect(await readAtOf(fresh.a, forAlice!)).toBeNull();
    expect(await bob.markRead({ mark_all: true })).toEqual({ marked_count: 2, personal_count: 1, broadcast_count: 1 });
    expect(await readAtOf(fresh.a, forBob!)).not.toBeNull();
    expect(await readAtOf(fresh.a, forAlice!)).toBeNull();
    expect(await receiptsOf(fresh.a, fresh.bob)).toEqual([broadcast]);
    expect(await receiptsOf(fresh.a, fresh.alice)).toEqual([]);
    // Announcements and the list read the receipt of the caller only.
    expect(idsOf(await bob.json('announcements/?unread=true'))).toEqual([]);
    expect(idsOf(await alice.json('announcements/?unread=true'))).toEqual([broadcast]);
    expect((await alice.json(`${broadcast}/`)).is_read).toBe(false);
    expect((await bob.json(`${broadcast}/`)).is_read).toBe(true);
    expect((await alice.json('unread-count/')).total).toBe(2);
    expect(await alice.markRead({ notification_ids: [forAlice, forBob, broadcast] })).toEqual({
      marked_count: 2,
      personal_count: 1,
      broadcast_count: 1,
    });
  });
});

describe('concurrent mark-read calls (§d.3): never a double count, never a failure', () => {
  it('ten identical mark_all calls: every call 200, one receipt per broadcast, counts sum to the rows', async () => {
    const fresh = await seedTenants();
    const broadcasts = await insertNotifications(fresh.a, Array.from({ length: 5 }, () => ({})));
    await insertNotifications(fresh.a, Array.from({ length: 5 }, () => ({ recipientId: fresh.alice.userId })));
    const alice = as(fresh.alice, fresh.a);
    await alice.get('unread-count/'); // warm the site cache so the calls really overlap
    const results = await Promise.all(Array.from({ length: 10 }, () => alice.patch({ mark_all: true })));
    const bodies = await Promise.all(results.map(async (r) => ({ status: r.status, body: (await r.json()) as any })));
    for (const { status, body } of bodies) expect(status, JSON.stringify(body)).toBe(200);
    const sum = (key: string) => bodies.reduce((s, { body }) => s + body[key], 0);
    expect(sum('broadcast_count')).toBe(5);
    expect(sum('personal_count')).toBe(5);
    expect(sum('marked_count')).toBe(10);
    const receipts = await ownerQuery(
      fresh.a.siteId,
      `select notification_id, count(*)::int as n from notification_read_receipts where user_id = $1 group by 1 order by 1`,
      [fresh.alice.userId],
    );
    expect(receipts.map((r) => r.notification_id)).toEqual([...broadcasts].sort());
    expect(receipts.every((r) => r.n === 1)).toBe(true);
  });

  it('mixed concurrent calls (ids in any order, and mark_all) never deadlock', async () => {
    const fresh = await seedTenants();
    const ids = await insertNotifications(fresh.a, [
      ...Array.from({ length: 8 }, () => ({ recipientId: fresh.alice.userId })),
      ...Array.from({ length: 8 }, () => ({})),
    ]);
    const alice = as(fresh.alice, fresh.a);
    await alice.get('unread-count/');
    const bodies = [
      { notification_ids: ids },
      { notification_ids: [...ids].reverse() },
      { mark_all: true },
      { notification_ids: [...ids].sort() },
      { notification_ids: [...ids].sort().reverse() },
      { mark_all: true, notification_ids: ids },
      { notification_ids: ids.slice(4, 12) },
      { notification_ids: [...ids].reverse() },
      { mark_all: 'on' },
      { notification_ids: ids },
    ];
    const results = await Promise.all(bodies.map((b) => alice.patch(b)));
    const parsed = await Promise.all(results.map(async (r) => ({ status: r.status, body: (await r.json()) as any })));
    for (const { status, body } of parsed) expect(status, JSON.stringify(body)).toBe(200);
    expect(parsed.reduce((s, { body }) => s + body.personal_count, 0)).toBe(8);
    expect(parsed.reduce((s, { body }) => s + body.broadcast_count, 0)).toBe(8);
    expect((await alice.json('unread-count/')).total).toBe(0);
  });
});
