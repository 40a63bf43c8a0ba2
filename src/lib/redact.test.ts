import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.ts';

describe('redactSecrets', () => {
  it('hides credential-bearing URLs, whatever follows them', () => {
    expect(redactSecrets('not a valid URL (connection string: postgres://posx:S3cret@bad host/db)')).toBe(
      'not a valid URL (connection string: postgres://*** host/db)',
    );
    expect(redactSecrets('connect to postgresql://u:p@h:5432/x failed')).toBe('connect to postgresql://*** failed');
    expect(redactSecrets('https://user:tok@upstash.io/x')).toBe('https://***');
    for (const password of ["p(ss", "p'ss", 'pa"ss', 'S3c)ret', 'a@b']) {
      expect(redactSecrets(`url: postgres://u:${password}@h/db`)).toBe('url: postgres://***');
    }
  });

  it('leaves URLs without credentials and plain text alone', () => {
    expect(redactSecrets('fetch http://127.0.0.1:9/sql failed')).toBe('fetch http://127.0.0.1:9/sql failed');
    expect(redactSecrets('relation "x" does not exist')).toBe('relation "x" does not exist');
  });
});
