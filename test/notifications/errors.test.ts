// Notifications API, the paths that answer 4xx: every mark-read validation body of §d.3 in DRF's
// shape, DRF's parse errors and media types, 404s of the detail route, invalid pages and 405s.
// Every error is the one envelope (compare code, detail and status). HTTP in, JSON out, real Postgres.
import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOTHING_TO_MARK } from '../../src/resources/notifications/mark-read-input.ts';
import { call, seedTenants, type Tenants } from '../harness/index.ts';
import { expectError } from '../harness/expect-error.ts';
import { as, insertNotifications, readAtOf, roundTripsOf } from './fixtures.ts';

const INVALID = 'VALIDATION.INVALID_INPUT';
const NOT_FOUND = { detail: 'Not found.' };

let t: Tenants;
const n: Record<string, string> = {};

beforeAll(async () => {
  t = await seedTenants();
  [n.mine, n.bcast, n.bobs, n.future, n.expired] = await insertNotifications(t.a, [
    { recipientId: t.alice.userId },
    {},
    { recipientId: t.bob.userId },
    { recipientId: t.alice.userId, visibleAt: { in: 3600 } },
    { recipientId: t.alice.userId, visibleAt: { in: -3600 }, expiresAt: { in: -1 } },
  ]);
  [n.otherSite] = await insertNotifications(t.b, [{ recipientId: t.alice.userId }]);
});

/** PATCH mark-read with raw bytes and headers, exactly as sent (no JSON encoding, no default type). */
function patchRaw(body: BodyInit | null, headers: Record<string, string> = {}) {
  return (exports as any).default.fetch(
    new Request('http://api.posx.test/api/v1/notifications/mark-read/', {
      method: 'PATCH',
      headers: { 'X-Site-Code': t.a.code, Authorization: `Bearer ${t.alice.token}`, ...headers },
      body,
    }),
  ) as Promise<Response>;
}

describe('mark-read validation (§d.3): field errors, then the cross-field rule, all 400 in DRF\'s shape', () => {
  const valid = () => n.mine!;
  it.each([
    ['a string', { notification_ids: 'abc' }, { notification_ids: ['Expected a list of items but got type "str".'] }],
    ['an object', { notification_ids: { a: 1 } }, { notification_ids: ['Expected a list of items but got type "dict".'] }],
    ['an integer', { notification_ids: 5 }, { notification_ids: ['Expected a list of items but got type "int".'] }],
    ['a boolean', { notification_ids: true }, { notification_ids: ['Expected a list of items but got type "bool".'] }],
    ['null', { notification_ids: null }, { notification_ids: ['This field may not be null.'] }],
    ['a bad boolean', { mark_all: 'maybe' }, { mark_all: ['Must be a valid boolean.'] }],
    ['a bad boolean (2)', { mark_all: 2 }, { mark_all: ['Must be a valid boolean.'] }],
    ['a bad boolean ("")', { mark_all: '' }, { mark_all: ['Must be a valid boolean.'] }],
    ['a bad boolean ("null")', { mark_all: 'null' }, { mark_all: ['Must be a valid boolean.'] }],
    ['a bad boolean (list)', { mark_all: [] }, { mark_all: ['Must be a valid boolean.'] }],
    ['a null boolean', { mark_all: null }, { mark_all: ['This field may not be null.'] }],
    [
      'both fields, in field order',
      { mark_all: 'maybe', notification_ids: 'x' },
      { notification_ids: ['Expected a list of items but got type "str".'], mark_all: ['Must be a valid boolean.'] },
    ],
    ['no fields', {}, { non_field_errors: [NOTHING_TO_MARK] }],
    ['an empty list', { notification_ids: [] }, { non_field_errors: [NOTHING_TO_MARK] }],
    ['mark_all false', { mark_all: false }, { non_field_errors: [NOTHING_TO_MARK] }],
    ['an empty list and mark_all "no"', { notification_ids: [], mark_all: 'no' }, { non_field_errors: [NOTHING_TO_MARK] }],
    ['unknown fields only', { ids: ['x'], all: true }, { non_field_errors: [NOTHING_TO_MARK] }],
    ['a list body', [], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
    ['a string body', 'x', { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] }],
    ['a number body', 1.5, { non_field_errors: ['Invalid data. Expected a dictionary, but got float.'] }],
    ['a null body', null, { non_field_errors: ['No data provided'] }],
  ])('%s', async (_, body, detail) => {
    const res = await as(t.alice, t.a).patch(JSON.stringify(body));
    await expectError(res, 400, INVALID, detail);
  });

  it('reports each bad id by its index (invalid UUIDs and nulls), even with mark_all true', async () => {
    const ids = ['not-a-uuid', valid(), 12.5, null, { x: 1 }, `${valid()}0`, 'g'.repeat(32), ''];
    const res = await as(t.alice, t.a).patch({ notification_ids: ids, mark_all: true });
    await expectError(res, 400, INVALID, {
      notification_ids: {
        0: ['Must be a valid UUID.'],
        2: ['Must be a valid UUID.'],
        3: ['This field may not be null.'],
        4: ['Must be a valid UUID.'],
        5: ['Must be a valid UUID.'],
        6: ['Must be a valid UUID.'],
        7: ['Must be a valid UUID.'],
      },
    });
    // Nothing was marked.
    expect(await readAtOf(t.a, n.mine!)).toBeNull();
  });

  it('takes the id spellings DRF takes (any case, no hyphens, braces, urn:uuid:, a 128-bit integer)', async () => {
    const hex = valid().replaceAll('-', '');
    const res = await as(t.alice, t.a).patch(
      `{"notification_ids": ["${valid().toUpperCase()}", "${hex}", "{${valid()}}", "urn:uuid:${valid()}", ${BigInt(`0x${hex}`)}, 0, -1]}`,
    );
    await expectError(res, 400, INVALID, { notification_ids: { 6: ['Must be a valid UUID.'] } });
  });

  it(`caps the ids at 1000 with a clear 400`, async () => {
    const ids = Array.from({ length: 1001 }, () => crypto.randomUUID());
    const res = await as(t.alice, t.a).patch({ notification_ids: ids });
    await expectError(res, 400, INVALID, { notification_ids: ['Ensure this field has no more than 1000 elements.'] });
    const ok = await as(t.alice, t.a).patch({ notification_ids: ids.slice(0, 1000) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ marked_count: 0, personal_count: 0, broadcast_count: 0 });
  });

  it('form-encoded bodies follow DRF\'s HTML-form rules', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const alice = as(t.alice, t.a);
    await expectError(await alice.patch('mark_all=maybe', { headers: form }), 400, INVALID, { mark_all: ['Must be a valid boolean.'] });
    // An unchecked box (missing or blank) is false.
    await expectError(await alice.patch('mark_all=', { headers: form }), 400, INVALID, { non_field_errors: [NOTHING_TO_MARK] });
    await expectError(await alice.patch('notification_ids=x&notification_ids=', { headers: form }), 400, INVALID, {
      notification_ids: { 0: ['Must be a valid UUID.'], 1: ['Must be a valid UUID.'] },
    });
    await expectError(await alice.patch('notification_ids[1]=nope', { headers: form }), 400, INVALID, {
      notification_ids: { 0: ['Must be a valid UUID.'] },
    });
  });
});

describe('mark-read body parsing (DRF parsers)', () => {
  // Expected texts are CPython 3.11's json messages, as DRF's JSONParser reports them.
  it.each([
    ['{"mark_all": tru', 'Expecting value: line 1 column 14 (char 13)'],
    ['{"mark_all": true,}', 'Expecting property name enclosed in double quotes: line 1 column 19 (char 18)'],
    ['{"notification_ids": ["a",]}', 'Expecting value: line 1 column 27 (char 26)'],
    ['{"mark_all": NaN}', "Out of range float values are not JSON compliant: 'NaN'"],
    ['{"mark_all": -Infinity}', "Out of range float values are not JSON compliant: '-Infinity'"],
    ['\ufeff{}', 'Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)'],
    ['{"a":"x\\q"}', 'Invalid \\escape: line 1 column 8 (char 7)'],
    ['{\n  "mark_all": yes\n}', 'Expecting value: line 2 column 15 (char 16)'],
    ['{"t": "😀", "mark_all" true}', "Expecting ':' delimiter: line 1 column 23 (char 22)"],
    ['{} {}', 'Extra data: line 1 column 4 (char 3)'],
    ['"\\ud83d\\ude00', 'Invalid \\uXXXX escape: line 1 column 9 (char 8)'],
    ['[1e5, 01]', "Expecting ',' delimiter: line 1 column 8 (char 7)"],
    ['{"mark_all": 1.}', "Expecting ',' delimiter: line 1 column 15 (char 14)"],
    ['{"a": "b\nc"}', 'Invalid control character at: line 1 column 9 (char 8)'],
    ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
    ['   ', 'Expecting value: line 1 column 4 (char 3)'],
  ])('malformed JSON %j is 400 "JSON parse error - …"', async (body, message) => {
    await expectError(await patchRaw(body, { 'Content-Type': 'application/json' }), 400, INVALID, { detail: `JSON parse error - ${message}` });
  });

  it('bodies nested deeper than 512 levels are a 400, never a 500 (the original overflowed its stack)', async () => {
    await expectError(await patchRaw('['.repeat(200_000), { 'Content-Type': 'application/json' }), 400, INVALID, {
      detail: 'JSON parse error - Maximum nesting depth exceeded: line 1 column 513 (char 512)',
    });
    const deepIds = `{"notification_ids": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    await expectError(await patchRaw(deepIds, { 'Content-Type': 'application/json' }), 400, INVALID, {
      detail: 'JSON parse error - Maximum nesting depth exceeded: line 1 column 533 (char 532)',
    });
    // 512 levels are still a document (the field then says what is wrong with it).
    const ok = await patchRaw(`{"notification_ids": ${'['.repeat(511)}${']'.repeat(511)}}`, { 'Content-Type': 'application/json' });
    expect(ok.status).toBe(400);
    expect(((await ok.json()) as { detail: Record<string, unknown> }).detail).toHaveProperty('notification_ids');
  });

  it('bytes that are not UTF-8 are a parse error too, with Python\'s text', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe4, 0xbd, 0x41, 0x22, 0x7d]); // {"a":"\xe4\xbdA"}
    await expectError(await patchRaw(bytes, { 'Content-Type': 'application/json' }), 400, INVALID, {
      detail: "JSON parse error - 'utf-8' codec can't decode bytes in position 6-7: invalid continuation byte",
    });
    await expectError(await patchRaw(new Uint8Array([0xff]), { 'Content-Type': 'application/json; charset=utf-8' }), 400, INVALID, {
      detail: "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
    });
  });

  it('another media type is 415, naming it as sent; JSON media types with parameters or wildcards are JSON', async () => {
    await expectError(await patchRaw('<x/>', { 'Content-Type': 'application/xml' }), 415, 'ERROR.HTTP_415', {
      detail: 'Unsupported media type "application/xml" in request.',
    });
    await expectError(await patchRaw('{"mark_all": true}', { 'Content-Type': 'text/plain; charset=utf-8' }), 415, 'ERROR.HTTP_415', {
      detail: 'Unsupported media type "text/plain; charset=utf-8" in request.',
    });
    await expectError(await patchRaw(new TextEncoder().encode('{"mark_all": true}')), 415, 'ERROR.HTTP_415', {
      detail: 'Unsupported media type "" in request.',
    });
    for (const type of ['application/json; charset=UTF-8', 'Application/JSON', '*/*', 'application/*']) {
      expect((await patchRaw('{"mark_all": true}', { 'Content-Type': type })).status, type).toBe(200);
    }
    await expectError(await patchRaw('mark_all=1', { 'Content-Type': 'multipart/form-data' }), 400, INVALID, {
      detail: 'Multipart form parse error - Invalid boundary in multipart: None',
    });
  });

  it('an empty body is {} whatever its media type (DRF never picks a parser for it)', async () => {
    for (const type of ['text/plain', 'application/json', 'application/x-www-form-urlencoded']) {
      await expectError(await patchRaw('', { 'Content-Type': type }), 400, INVALID, { non_field_errors: [NOTHING_TO_MARK] });
    }
    await expectError(await patchRaw(null), 400, INVALID, { non_field_errors: [NOTHING_TO_MARK] });
  });

  it('a body over 1 MiB is refused before parsing', async () => {
    const huge = `{"notification_ids": [${'"x",'.repeat(300_000)}"x"]}`;
    const res = await patchRaw(huge, { 'Content-Type': 'application/json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).detail.detail).toMatch(/too large/);
  });

  it('a streamed body without a length is cut off past 1 MiB, not read to its end', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode('"x",'.repeat(16_384)); // 64 KiB
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(pulled === 1 ? new TextEncoder().encode('{"notification_ids": [') : chunk);
      },
    });
    const res = await patchRaw(endless, { 'Content-Type': 'application/json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).detail.detail).toMatch(/too large/);
    expect(pulled).toBeLessThan(40);
  });

  it('a validation failure costs one round trip: only the check that the caller is active', async () => {
    await as(t.alice, t.a).get('unread-count/'); // warm the site cache
    const res = await as(t.alice, t.a).patch({ notification_ids: 'x', mark_all: true });
    expect(res.status).toBe(400);
    expect(await roundTripsOf(res)).toBe(1);
  });
});

describe('detail 404s (§d.2): all alike, RESOURCE.NOT_FOUND with {"detail": "Not found."}', () => {
  it.each([
    ['an unknown id', () => crypto.randomUUID()],
    ["another user's notification", () => n.bobs!],
    ["another site's notification", () => n.otherSite!],
    ['a notification not yet visible', () => n.future!],
    ['an expired notification', () => n.expired!],
    ['a malformed id', () => 'not-a-uuid'],
    ['a short id', () => n.mine!.slice(0, -1)],
    ['a long id', () => `${n.mine!}0`],
    ['a number', () => '12345'],
    ['a non-hex id', () => 'g'.repeat(32)],
  ])('%s', async (_, id) => {
    const res = await as(t.alice, t.a).get(`${encodeURIComponent(id())}/`);
    const body = await expectError(res, 404, 'RESOURCE.NOT_FOUND', NOT_FOUND);
    expect(body.message).toBe('No Notification matches the given query.');
  });

  it('a malformed id costs one round trip: only the check that the caller is active', async () => {
    await as(t.alice, t.a).get('unread-count/');
    const res = await as(t.alice, t.a).get('zzz/');
    expect(res.status).toBe(404);
    expect(await roundTripsOf(res)).toBe(1);
  });
});

describe('pages (§c.7)', () => {
  it.each(['page=0', 'page=-1', 'page=abc', 'page=', 'page=2.0', 'page=LAST', 'page=2'])('%s is 404 "Invalid page."', async (query) => {
    // Alice has 2 live rows: page 2 of 20 is beyond the last.
    await expectError(await as(t.alice, t.a).get(`?${query}`), 404, 'RESOURCE.NOT_FOUND', { detail: 'Invalid page.' });
    await expectError(await as(t.alice, t.a).get(`announcements/?${query}`), 404, 'RESOURCE.NOT_FOUND', { detail: 'Invalid page.' });
  });

  it('page 1 and page=last of nothing are fine', async () => {
    const empty = await seedTenants();
    for (const q of ['', '?page=1', '?page=last']) {
      expect(await as(empty.carol, empty.a).json(q)).toEqual({ count: 0, next: null, previous: null, results: [] });
    }
  });
});

describe('methods (§c.6): 405 with Allow, decided after authentication', () => {
  const readOnly = () => ['', `${n.mine}/`, 'unread-count/', 'announcements/'];

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s on a read-only route', async (method) => {
    for (const path of readOnly()) {
      const res = await as(t.alice, t.a).get(path, { method, body: { mark_all: true } });
      expect(res.headers.get('Allow'), path).toBe('GET, HEAD, OPTIONS');
      await expectError(res, 405, 'ERROR.HTTP_405', { detail: `Method "${method}" not allowed.` });
      const anonymous = await as({ ...t.alice, token: '' }, t.a).get(path, { method, token: null });
      expect(anonymous.status, path).toBe(401);
    }
  });

  it.each(['GET', 'POST', 'PUT', 'DELETE'])('%s on mark-read (never taken as a notification id)', async (method) => {
    const res = await as(t.alice, t.a).get('mark-read/', { method });
    expect(res.headers.get('Allow')).toBe('PATCH, OPTIONS');
    await expectError(res, 405, 'ERROR.HTTP_405', { detail: `Method "${method}" not allowed.` });
  });

  it('a slash-less GET redirects to the slashed URL, query kept (§c.10)', async () => {
    for (const path of ['/api/v1/notifications', '/api/v1/notifications/unread-count', `/api/v1/notifications/${n.mine}`]) {
      const res = await call(`${path}?unread=true`, { site: t.a.code, token: t.alice.token });
      expect(res.status, path).toBe(301);
      expect(res.headers.get('Location')).toBe(`${path}/?unread=true`);
    }
  });
});
