import { describe, expect, it } from 'vitest';
import { ApiError } from '../pipeline/errors/api-error.ts';
import { parsePageRequest, toPage } from './pagination.ts';
import { quotePlus, withQueryParam } from './query-string.ts';

const q = (s: string) => new URLSearchParams(s);

describe('page_size', () => {
  it.each([
    ['', 20],
    ['page_size=5', 5],
    ['page_size=100', 100],
    ['page_size=101', 100],
    ['page_size=1000', 100],
    ['page_size=0', 20],
    ['page_size=-3', 20],
    ['page_size=abc', 20],
    ['page_size=2.5', 20],
    ['page_size=', 20],
    ['page_size=1_0', 10],
    ['page_size=%201%20', 1],
    ['page_size=1__0', 20],
    ['page_size=_1', 20],
  ])('%s → %i', (query, size) => expect(parsePageRequest(q(query)).pageSize).toBe(size));
});

describe('page', () => {
  it('defaults to 1 and accepts last', () => {
    expect(parsePageRequest(q('')).page).toBe(1);
    expect(parsePageRequest(q('page=3')).page).toBe(3);
    expect(parsePageRequest(q('page=last')).page).toBe('last');
    expect(parsePageRequest(q('page=1_0')).page).toBe(10);
  });
  it.each(['page=', 'page=0', 'page=-1', 'page=2.0', 'page=abc', 'page=LAST', 'page=1_', 'page=1__0'])('%s is 404 Invalid page.', (query) => {
    try {
      parsePageRequest(q(query));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(404);
      expect((e as ApiError).detail).toEqual({ detail: 'Invalid page.' });
    }
  });
  it('a page beyond the last is 404, but page 1 of nothing is fine', () => {
    expect(() => toPage({ page: 3, pageSize: 5 }, 'http://h/x/', 10, [])).toThrow(ApiError);
    expect(toPage({ page: 1, pageSize: 5 }, 'http://h/x/', 0, [])).toEqual({ count: 0, next: null, previous: null, results: [] });
  });
});

describe('links', () => {
  it('sorts keys, replaces page and drops it for page 1', () => {
    const url = 'http://h/api/v1/notifications/?unread=true&page=2&category=order&page_size=5';
    const page = toPage({ page: 2, pageSize: 5 }, url, 12, []);
    expect(page.next).toBe('http://h/api/v1/notifications/?category=order&page=3&page_size=5&unread=true');
    expect(page.previous).toBe('http://h/api/v1/notifications/?category=order&page_size=5&unread=true');
  });
  it('page=last resolves to the number', () => {
    const page = toPage({ page: 'last', pageSize: 5 }, 'http://h/x/?page=last', 12, []);
    expect(page.next).toBeNull();
    expect(page.previous).toBe('http://h/x/?page=2');
  });
  it('encodes like Python quote_plus', () => {
    expect(quotePlus("a b/c*'(é)")).toBe('a+b%2Fc%2A%27%28%C3%A9%29');
    expect(withQueryParam(new URL('http://h/x/?b=2&a=1&a=0&c='), 'page', '2')).toBe('http://h/x/?a=1&a=0&b=2&c=&page=2');
  });
});
