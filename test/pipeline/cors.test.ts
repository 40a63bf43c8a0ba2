import { describe, expect, it } from 'vitest';
import { call } from '../harness/index.ts';

const ORIGIN = 'https://app.posx.test';

describe('CORS', () => {
  it('answers a preflight before the site and auth checks', async () => {
    const res = await call('/api/v1/notifications/', {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,x-site-code' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    const allowed = res.headers.get('Access-Control-Allow-Headers')!.toLowerCase();
    for (const h of ['authorization', 'content-type', 'x-site-code']) expect(allowed).toContain(h);
  });

  it('exposes X-Request-ID to the allowed origin and ignores others', async () => {
    const ok = await call('/health/', { headers: { Origin: ORIGIN } });
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(ok.headers.get('Access-Control-Expose-Headers')).toContain('X-Request-ID');
    const other = await call('/health/', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});
