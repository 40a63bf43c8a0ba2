/**
 * Query-string helpers that reproduce Python's `urllib.parse` as DRF uses it for pagination links,
 * so `next`/`previous` are byte-identical to the original's.
 */

/** Python `quote_plus`: only ASCII letters, digits and `_.-~` stay; spaces become `+`. */
export function quotePlus(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * DRF `replace_query_param` / `remove_query_param`: parse (blank values kept), set or drop `key`,
 * then re-encode with keys sorted alphabetically (repeated keys keep their order).
 */
export function withQueryParam(url: URL, key: string, value: string | null): string {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of url.searchParams) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  if (value === null) grouped.delete(key);
  else grouped.set(key, [value]);
  const keys = [...grouped.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const query = keys
    .flatMap((k) => grouped.get(k)!.map((v) => `${quotePlus(k)}=${quotePlus(v)}`))
    .join('&');
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}
