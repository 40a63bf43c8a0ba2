// Notifications API, the paths that answer 200 (and 304): visibility, read state, exact JSON (keys AND
// their order, datetimes, stored payloads), filters, ordering, pagination, mark-read, unread-count and
// announcements, and the one-round-trip budget. HTTP in, JSON out, real Postgres.
import { beforeAll, describe, expect, it } from 'vitest';
import { seedTenants, type Tenants } from '../harness/index.ts';
import { as, idsOf, insertNotifications, insertReceipt, readAtOf, receiptsOf, roundTripsOf } from './fixtures.ts';

const LIST_KEYS = ['notification_id', 'category', 'severity', 'title', 'read_at', 'is_read', 'visible_at', 'created_at'];
const DETAIL_KEYS = [
  'notification_id',
  'recipient_type',
  'category',
  'subcategory',
  'severity',
  'source_type',
  'source_id',
  'title',
  'body',
  'payload',
  'action_url',
  'read_at',
  'is_read',
  'visible_at',
  'expires_at',
  'created_at',
];

// Stored as jsonb, rendered the way the original's json.loads + json.dumps would (computed with
// CPython 3.11 from Postgres's jsonb text): jsonb key order (integer-like keys NOT first), `1.0`
// kept, `2.50` → `2.5`, 1e-7 → `1e-07`, big integers exact, non-ASCII as is, U+2028 escaped.
const PAYLOAD_IN =
  '{"amount": "1234.50", "b": 1.0, "10": "ten", "9": null, "a": [1, 2.50, -0.0, 1e-7, 1e16, 123456789012345678901234567890], ' +
  '"t": "你好 – é ✓ 😀", "nested": {"z": true, "y": false, "x": "line\\nbreak \\"quoted\\" tab\\t ctrl\\u0001"}, "ls": "a\\u2028b"}';
const PAYLOAD_OUT =
  '{"9":null,"a":[1,2.5,0.0,1e-07,10000000000000000,123456789012345678901234567890],"b":1.0,"t":"你好 – é ✓ 😀","10":"ten",' +
  '"ls":"a\\u2028b","amount":"1234.50","nested":{"x":"line\\nbreak \\"quoted\\" tab\\t ctrl\\u0001","y":false,"z":true}}';

let t: Tenants;
/** Fixtures of alice's view of site a, named by what they test. */
const n: Record<string, string> = {};

beforeAll(async () => {
  t = await seedTenants();
  const ids = await insertNotifications(t.a, [
    // Personal rows of all three personal recipient types, newest visible first (minutes ago).
    {
      recipientId: t.alice.userId,
      recipientType: 'user',
      category: 'order',
      subcategory: 'payment_success',
      severity: 'high',
      title: 'Order paid',
      body: 'Your order was paid — merci!',
      sourceType: 'order',
      sourceId: '11111111-1111-1111-1111-111111111111',
      actionUrl: 'posx://orders/11111111-1111-1111-1111-111111111111',
      payload: PAYLOAD_IN,
      visibleAt: { in: -60 },
      createdAt: '2025-11-10 10:00:00+00',
      expiresAt: { in: 86400 },
    },
    { recipientId: t.alice.userId, recipientType: 'agent', category: 'finance', severity: 'warning', title: 'Commission', visibleAt: { in: -120 } },
    {
      recipientId: t.alice.userId,
      recipientType: 'admin',
      category: 'security',
      severity: 'critical',
      title: 'Already read',
      visibleAt: { in: -180 },
      readAt: '2025-11-10 11:00:00.5+00',
      createdAt: '2025-11-10 10:00:00.123456+00',
    },
    { category: 'system', severity: 'info', title: 'Broadcast unread', visibleAt: { in: -240 } },
    { category: 'system', severity: 'critical', title: 'Broadcast read', visibleAt: { in: -300 } },
    // Not for alice: bob's row, a future row, an expired broadcast, a recipient-less non-broadcast.
    { recipientId: t.bob.userId, title: "Bob's", visibleAt: { in: -30 } },
    { recipientId: t.alice.userId, title: 'Future', visibleAt: { in: 3600 } },
    { title: 'Expired broadcast', visibleAt: { in: -7200 }, expiresAt: { in: -1 } },
    { recipientType: 'user', recipientId: null, title: 'Nobody', visibleAt: { in: -30 } },
  ]);
  [n.order, n.agent, n.admin, n.bcastUnread, n.bcastRead, n.bobs, n.future, n.expired, n.nobody] = ids;
  await insertReceipt(t.a, n.bcastRead!, t.alice);
  // Site b: alice's personal row and a broadcast, never visible from site a.
  [n.otherSitePersonal, n.otherSiteBroadcast] = await insertNotifications(t.b, [
    { recipientId: t.alice.userId, title: 'Other site', visibleAt: { in: -10 } },
    { title: 'Other site broadcast', visibleAt: { in: -10 } },
  ]);
});

const ALICE_VISIBLE = () => [n.order, n.agent, n.admin, n.bcastUnread, n.bcastRead];

describe('list (§d.1)', () => {
  it('shows my live personal rows of any recipient type and this site\'s live broadcasts, newest first', async () => {
    const page = await as(t.alice, t.a).json('');
    expect(page.count).toBe(5);
    expect(Object.keys(page)).toEqual(['count', 'next', 'previous', 'results']);
    expect(idsOf(page)).toEqual(ALICE_VISIBLE());
    for (const item of page.results) expect(Object.keys(item)).toEqual(LIST_KEYS);
  });

  it('formats every field as the original: datetimes with microseconds only when non-zero', async () => {
    const page = await as(t.alice, t.a).json('');
    const byId = Object.fromEntries(page.results.map((r: any) => [r.notification_id, r]));
    expect(byId[n.order!]).toMatchObject({
      category: 'order',
      severity: 'high',
      title: 'Order paid',
      read_at: null,
      is_read: false,
      created_at: '2025-11-10T10:00:00Z',
    });
    expect(byId[n.order!].visible_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    expect(byId[n.admin!]).toMatchObject({ read_at: '2025-11-10T11:00:00.500000Z', is_read: true, created_at: '2025-11-10T10:00:00.123456Z' });
  });

  it('a read broadcast shows "read_at": null with "is_read": true', async () => {
    const page = await as(t.alice, t.a).json('');
    const read = page.results.find((r: any) => r.notification_id === n.bcastRead);
    expect(read).toMatchObject({ read_at: null, is_read: true });
    // The receipt is alice's only: for bob the same broadcast is unread.
    const bobs = await as(t.bob, t.a).json('');
    expect(bobs.results.find((r: any) => r.notification_id === n.bcastRead)).toMatchObject({ read_at: null, is_read: false });
  });

  it('filters: unread only for the exact string "true", category, severity; repeated keys count with the last value', async () => {
    const alice = as(t.alice, t.a);
    expect(idsOf(await alice.json('?unread=true'))).toEqual([n.order, n.agent, n.bcastUnread]);
    for (const ignored of ['1', 'True', 'yes', 'false', '']) expect((await alice.json(`?unread=${ignored}`)).count).toBe(5);
    expect(idsOf(await alice.json('?category=system'))).toEqual([n.bcastUnread, n.bcastRead]);
    expect((await alice.json('?category=System')).count).toBe(0);
    expect(idsOf(await alice.json('?severity=critical'))).toEqual([n.admin, n.bcastRead]);
    expect((await alice.json('?severity=nonsense')).count).toBe(0);
    expect(idsOf(await alice.json('?severity=critical&unread=true'))).toEqual([]);
    expect(idsOf(await alice.json('?category=order&category=finance'))).toEqual([n.agent]);
    expect((await alice.json('?category=')).count).toBe(5);
    expect((await alice.json('?search=x&format=json&whatever=1')).count).toBe(5);
  });

  it('?ordering= replaces the default order with the §c.8 keys; unknown keys are dropped', async () => {
    const alice = as(t.alice, t.a);
    const titles = async (q: string) => (await alice.json(q)).results.map((r: any) => r.title);
    expect(await titles('?ordering=title')).toEqual(['Already read', 'Broadcast read', 'Broadcast unread', 'Commission', 'Order paid']);
    expect(await titles('?ordering=-title')).toEqual(['Order paid', 'Commission', 'Broadcast unread', 'Broadcast read', 'Already read']);
    expect(await titles('?ordering=severity,-visible_at')).toEqual(['Already read', 'Broadcast read', 'Order paid', 'Broadcast unread', 'Commission']);
    // read_at ascending puts NULLs last (PostgreSQL's default, as Django emits it).
    expect((await titles('?ordering=read_at'))[0]).toBe('Already read');
    expect(idsOf(await alice.json('?ordering=body,recipient_id'))).toEqual(ALICE_VISIBLE());
    expect(idsOf(await alice.json('?ordering=-created_at,nonsense'))).toEqual(idsOf(await alice.json('?ordering=-created_at')));
    // created_at: order and admin were created in 2025, the others just now; ties fall back to the id.
    expect(idsOf(await alice.json('?ordering=created_at')).slice(0, 2)).toEqual([n.order, n.admin]);
  });
});

describe('detail (§d.2)', () => {
  it('has exactly the 16 keys in order, every value as stored, the payload as the original renders it', async () => {
    const res = await as(t.alice, t.a).get(`${n.order}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    const body = JSON.parse(text);
    expect(Object.keys(body)).toEqual(DETAIL_KEYS);
    expect(body).toMatchObject({
      notification_id: n.order,
      recipient_type: 'user',
      category: 'order',
      subcategory: 'payment_success',
      severity: 'high',
      source_type: 'order',
      source_id: '11111111-1111-1111-1111-111111111111',
      title: 'Order paid',
      body: 'Your order was paid — merci!',
      action_url: 'posx://orders/11111111-1111-1111-1111-111111111111',
      read_at: null,
      is_read: false,
      created_at: '2025-11-10T10:00:00Z',
    });
    expect(body.expires_at).toMatch(/Z$/);
    expect(text).toContain(`"payload":${PAYLOAD_OUT},"action_url"`);
    // Compact JSON, non-ASCII not escaped (DRF's UNICODE_JSON / COMPACT_JSON).
    expect(text).toContain('"body":"Your order was paid — merci!"');
    expect(text).not.toMatch(/": /);
  });

  it('nulls stay as keys; agent and admin rows are personal too; a read broadcast is read_at null, is_read true', async () => {
    const alice = as(t.alice, t.a);
    const agent = await alice.json(`${n.agent}/`);
    expect(agent).toMatchObject({ recipient_type: 'agent', source_type: null, source_id: null, action_url: null, expires_at: null, payload: {} });
    expect((await alice.json(`${n.admin}/`)).recipient_type).toBe('admin');
    expect(await alice.json(`${n.bcastRead}/`)).toMatchObject({ recipient_type: 'site_broadcast', read_at: null, is_read: true });
  });

  it('viewing does not mark read', async () => {
    const alice = as(t.alice, t.a);
    await alice.json(`${n.agent}/`);
    await alice.json(`${n.bcastUnread}/`);
    expect((await alice.json(`${n.agent}/`)).is_read).toBe(false);
    expect(await readAtOf(t.a, n.agent!)).toBeNull();
    expect(await receiptsOf(t.a, t.alice)).toEqual([n.bcastRead]);
  });

  it('honours the list filters: a mismatch is 404', async () => {
    const alice = as(t.alice, t.a);
    expect((await alice.get(`${n.order}/?category=order`)).status).toBe(200);
    expect((await alice.get(`${n.order}/?category=finance`)).status).toBe(404);
    expect((await alice.get(`${n.order}/?severity=info`)).status).toBe(404);
    expect((await alice.get(`${n.admin}/?unread=true`)).status).toBe(404);
    expect((await alice.get(`${n.bcastRead}/?unread=true`)).status).toBe(404);
    expect((await alice.get(`${n.bcastUnread}/?unread=true`)).status).toBe(200);
    expect((await alice.get(`${n.admin}/?unread=1`)).status).toBe(200);
  });

  it('accepts every id spelling Python\'s uuid.UUID does (case, hyphens, braces, urn:uuid:)', async () => {
    const alice = as(t.alice, t.a);
    const id = n.order!;
    const hex = id.replaceAll('-', '');
    for (const spelling of [id.toUpperCase(), hex, `{${id}}`, `urn:uuid:${id}`, `${hex.slice(0, 5)}-${hex.slice(5)}`]) {
      const res = await alice.get(`${encodeURIComponent(spelling)}/`);
      expect(res.status, spelling).toBe(200);
      expect(((await res.json()) as any).notification_id).toBe(id);
    }
  });
});

describe('announcements (§d.5, decision D2)', () => {
  it('is routed before the detail route and lists this site\'s live broadcasts in the 16-key shape', async () => {
    const page = await as(t.alice, t.a).json('announcements/');
    expect(idsOf(page)).toEqual([n.bcastUnread, n.bcastRead]);
    for (const item of page.results) {
      expect(Object.keys(item)).toEqual(DETAIL_KEYS);
      expect(item.recipient_type).toBe('site_broadcast');
    }
    expect(page.results[1]).toMatchObject({ read_at: null, is_read: true });
  });

  it('unread=true drops the broadcasts I have read; other filters are not supported', async () => {
    const alice = as(t.alice, t.a);
    expect(idsOf(await alice.json('announcements/?unread=true'))).toEqual([n.bcastUnread]);
    expect(idsOf(await alice.json('announcements/?unread=True'))).toEqual([n.bcastUnread, n.bcastRead]);
    expect(idsOf(await alice.json('announcements/?category=nothing&severity=x&ordering=title'))).toEqual([n.bcastUnread, n.bcastRead]);
    expect(idsOf(await as(t.bob, t.a).json('announcements/?unread=true'))).toEqual([n.bcastUnread, n.bcastRead]);
  });
});

describe('unread-count (§d.4)', () => {
  it('counts unread rows by category and severity, only non-zero groups; list filters do not apply', async () => {
    const res = await as(t.alice, t.a).get('unread-count/?category=order&unread=false');
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(Object.keys(body)).toEqual(['total', 'by_category', 'by_severity']);
    expect(body).toEqual({ total: 3, by_category: { finance: 1, order: 1, system: 1 }, by_severity: { high: 1, info: 1, warning: 1 } });
    expect(res.headers.get('Cache-Control')).toBe('private, no-cache');
    expect(res.headers.get('ETag')).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('answers If-None-Match with 304 while nothing changed (strong ETag, also in a list or weak form)', async () => {
    const alice = as(t.alice, t.a);
    const first = await alice.get('unread-count/');
    const etag = first.headers.get('ETag')!;
    for (const header of [etag, `"nope", ${etag}`, `W/${etag}`, '*']) {
      const again = await alice.get('unread-count/', { headers: { 'If-None-Match': header } });
      expect(again.status, header).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('ETag')).toBe(etag);
      expect(again.headers.get('Cache-Control')).toBe('private, no-cache');
    }
    expect((await alice.get('unread-count/', { headers: { 'If-None-Match': '"stale"' } })).status).toBe(200);
    // Another user with other counts gets another tag.
    expect((await as(t.bob, t.a).get('unread-count/')).headers.get('ETag')).not.toBe(etag);
  });

  it('keeps any stored category a plain key, in byte order (`__proto__`, integer-like names)', async () => {
    const fresh = await seedTenants();
    const carol = fresh.carol.userId;
    await insertNotifications(fresh.a, [
      { recipientId: carol, category: 'constructor' },
      { recipientId: carol, category: '__proto__', severity: 'high' },
      { recipientId: carol, category: '10' },
      { recipientId: carol, category: '10' },
    ]);
    const res = await as(fresh.carol, fresh.a).get('unread-count/');
    expect(await res.text()).toBe('{"total":4,"by_category":{"10":2,"__proto__":1,"constructor":1},"by_severity":{"high":1,"info":3}}');
  });

  it('has the empty shape when nothing is unread', async () => {
    const empty = await seedTenants();
    expect(await as(empty.carol, empty.a).json('unread-count/')).toEqual({ total: 0, by_category: {}, by_severity: {} });
    const page = await as(empty.carol, empty.a).json('');
    expect(page).toEqual({ count: 0, next: null, previous: null, results: [] });
    expect(await as(empty.carol, empty.a).json('announcements/')).toEqual({ count: 0, next: null, previous: null, results: [] });
  });
});

describe('mark-read (§d.3)', () => {
  let m: Tenants;
  const r: Record<string, string> = {};
  beforeAll(async () => {
    m = await seedTenants();
    [r.p1, r.p2, r.p3, r.b1, r.b2, r.read, r.bobs, r.future, r.expired] = await insertNotifications(m.a, [
      { recipientId: m.alice.userId, category: 'order', severity: 'high', visibleAt: { in: -10 } },
      { recipientId: m.alice.userId, recipientType: 'agent', category: 'finance', visibleAt: { in: -20 } },
      { recipientId: m.alice.userId, recipientType: 'admin', category: 'security', visibleAt: { in: -30 } },
      { category: 'system', visibleAt: { in: -40 } },
      { category: 'system', severity: 'warning', visibleAt: { in: -50 } },
      { recipientId: m.alice.userId, readAt: '2025-11-10 11:00:00+00', visibleAt: { in: -60 } },
      { recipientId: m.bob.userId, visibleAt: { in: -70 } },
      { recipientId: m.alice.userId, visibleAt: { in: 3600 } },
      { expiresAt: { in: -5 }, visibleAt: { in: -3600 } },
    ]);
  });

  it('marks the given ids: personal rows get read_at, broadcasts a receipt; others are ignored silently', async () => {
    const alice = as(m.alice, m.a);
    const before = await alice.json('unread-count/');
    expect(before.total).toBe(5);
    const result = await alice.markRead({ notification_ids: [r.p1, r.b1, r.read, r.bobs, r.future, r.expired, crypto.randomUUID()], mark_all: false });
    expect(Object.keys(result)).toEqual(['marked_count', 'personal_count', 'broadcast_count']);
    expect(result).toEqual({ marked_count: 2, personal_count: 1, broadcast_count: 1 });
    expect(await readAtOf(m.a, r.p1!)).not.toBeNull();
    expect(await readAtOf(m.a, r.read!)).toBe('2025-11-10 11:00:00+00'); // already read: untouched
    expect(await readAtOf(m.a, r.bobs!)).toBeNull();
    expect(await readAtOf(m.a, r.future!)).toBeNull();
    expect(await readAtOf(m.a, r.b1!)).toBeNull(); // a broadcast's own row is never changed
    expect(await receiptsOf(m.a, m.alice)).toEqual([r.b1]);

    // The count drops by what was marked; the list shows the new state.
    expect((await alice.json('unread-count/')).total).toBe(3);
    const page = await alice.json('');
    const b1 = page.results.find((x: any) => x.notification_id === r.b1);
    expect(b1).toMatchObject({ read_at: null, is_read: true });
    const p1 = page.results.find((x: any) => x.notification_id === r.p1);
    expect(p1.is_read).toBe(true);
    expect(p1.read_at).toMatch(/Z$/);
  });

  it('is idempotent: the same call again returns zeros', async () => {
    expect(await as(m.alice, m.a).markRead({ notification_ids: [r.p1, r.b1] })).toEqual({ marked_count: 0, personal_count: 0, broadcast_count: 0 });
  });

  it('mark_all marks every live row of mine on this site and ignores notification_ids (which must still validate)', async () => {
    const alice = as(m.alice, m.a);
    const etag = (await alice.get('unread-count/')).headers.get('ETag')!;
    const result = await alice.markRead({ mark_all: 'yes', notification_ids: [crypto.randomUUID()] });
    expect(result).toEqual({ marked_count: 3, personal_count: 2, broadcast_count: 1 });
    expect(await receiptsOf(m.a, m.alice)).toEqual([r.b1, r.b2].sort());
    const after = await alice.get('unread-count/', { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ total: 0, by_category: {}, by_severity: {} });
    expect(await alice.markRead({ mark_all: true })).toEqual({ marked_count: 0, personal_count: 0, broadcast_count: 0 });
    // Never future, expired or other people's rows.
    expect(await readAtOf(m.a, r.future!)).toBeNull();
    expect(await readAtOf(m.a, r.bobs!)).toBeNull();
  });

  it('accepts DRF\'s lenient booleans and id spellings, and form-encoded bodies', async () => {
    const fresh = await seedTenants();
    const [p, b] = await insertNotifications(fresh.a, [{ recipientId: fresh.carol.userId }, {}]);
    const carol = as(fresh.carol, fresh.a);
    const form = await carol.patch(`notification_ids=${p!.toUpperCase()}&mark_all=false`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(200);
    expect(await form.json()).toEqual({ marked_count: 1, personal_count: 1, broadcast_count: 0 });
    const indexed = await carol.patch(`notification_ids[0]=${encodeURIComponent(`{${b}}`)}`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
    expect(await indexed.json()).toEqual({ marked_count: 1, personal_count: 0, broadcast_count: 1 });
    for (const yes of [true, 'true', 'True', 'TRUE', 'yes', 'y', 'on', '1', 1, 1.0]) {
      expect((await carol.patch({ mark_all: yes })).status, String(yes)).toBe(200);
    }
    const multipart = '--XB\r\nContent-Disposition: form-data; name="mark_all"\r\n\r\non\r\n--XB--\r\n';
    const res = await carol.patch(multipart, { headers: { 'Content-Type': 'multipart/form-data; boundary=XB' } });
    expect(res.status, await res.clone().text()).toBe(200);
  });
});

describe('pagination (§c.7)', () => {
  let p: Tenants;
  let all: string[];
  beforeAll(async () => {
    p = await seedTenants();
    // 25 broadcasts, i minutes ago: the default order is the insertion order.
    all = await insertNotifications(
      p.a,
      Array.from({ length: 25 }, (_, i) => ({ title: `n${i}`, visibleAt: { in: -60 * (i + 1) } })),
    );
  });
  const base = 'http://api.posx.test/api/v1/notifications/';

  it('pages by 20 by default, with absolute links that keep the other parameters, sorted', async () => {
    const alice = as(p.alice, p.a);
    const first = await alice.json('?unread=true&category=system');
    expect(first.count).toBe(25);
    expect(idsOf(first)).toEqual(all.slice(0, 20));
    expect(first.previous).toBeNull();
    expect(first.next).toBe(`${base}?category=system&page=2&unread=true`);
    const second = await alice.json('?unread=true&page=2&category=system');
    expect(idsOf(second)).toEqual(all.slice(20));
    expect(second.next).toBeNull();
    // The link to page 1 drops `page` altogether.
    expect(second.previous).toBe(`${base}?category=system&unread=true`);
  });

  it('page_size: custom, capped at 100, invalid values fall back to 20', async () => {
    const alice = as(p.alice, p.a);
    const five = await alice.json('?page_size=5&page=3');
    expect(idsOf(five)).toEqual(all.slice(10, 15));
    expect(five.next).toBe(`${base}?page=4&page_size=5`);
    expect(five.previous).toBe(`${base}?page=2&page_size=5`);
    expect((await alice.json('?page_size=1000')).results).toHaveLength(25);
    for (const bad of ['0', '-3', 'abc', '2.5', '']) expect((await alice.json(`?page_size=${bad}`)).results, bad).toHaveLength(20);
  });

  it('page=last is the last page, in one round trip', async () => {
    const alice = as(p.alice, p.a);
    await alice.get('?page=last'); // warm the site cache
    const res = await alice.get('?page=last&page_size=10');
    expect(await roundTripsOf(res)).toBe(1);
    const last = (await res.json()) as any;
    expect(idsOf(last)).toEqual(all.slice(20));
    expect(last.next).toBeNull();
    expect(last.previous).toBe(`${base}?page=2&page_size=10`);
    expect(idsOf(await alice.json('?page=last&page_size=5'))).toEqual(all.slice(20));
    expect(idsOf(await alice.json('?page=last&page_size=100'))).toEqual(all);
  });

  it('announcements page the same way', async () => {
    const alice = as(p.alice, p.a);
    const page = await alice.json('announcements/?page_size=10&page=last');
    expect(page.count).toBe(25);
    expect(page.results).toHaveLength(5);
    expect(page.previous).toBe(`${base}announcements/?page=2&page_size=10`);
  });
});

describe('one database round trip per request', () => {
  it('list, detail, announcements, unread-count and mark-read each take exactly one', async () => {
    const alice = as(t.alice, t.a);
    await alice.get(''); // the first request of a site resolves the site (cached afterwards)
    for (const path of ['', '?unread=true&page=last', `${n.order}/`, 'announcements/?unread=true', 'unread-count/', `${crypto.randomUUID()}/`]) {
      const res = await alice.get(path);
      expect(await roundTripsOf(res), path).toBe(1);
    }
    const res = await alice.patch({ notification_ids: [n.future] });
    expect(res.status).toBe(200);
    expect(await roundTripsOf(res)).toBe(1);
  });
});
