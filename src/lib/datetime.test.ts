import { describe, expect, it } from 'vitest';
import { formatDateTime, isoformatUtc } from './datetime.ts';

describe('formatDateTime (DRF style, D8)', () => {
  it.each([
    ['2025-11-10 10:00:00+00', '2025-11-10T10:00:00Z'],
    ['2025-11-10 10:00:00.123456+00', '2025-11-10T10:00:00.123456Z'],
    ['2025-11-10 10:00:00.12+00', '2025-11-10T10:00:00.120000Z'],
    ['2025-11-10 10:00:00.000001+00', '2025-11-10T10:00:00.000001Z'],
    ['2025-11-10 10:00:00+00:00', '2025-11-10T10:00:00Z'],
  ])('%s → %s', (input, expected) => expect(formatDateTime(input)).toBe(expected));

  it('passes null through and refuses non-UTC text', () => {
    expect(formatDateTime(null)).toBeNull();
    expect(() => formatDateTime('2025-11-10 10:00:00+02')).toThrow(/TimeZone/);
  });
});

describe('isoformatUtc (health views)', () => {
  it('prints +00:00 and microseconds only when non-zero', () => {
    expect(isoformatUtc(new Date('2025-11-10T10:00:00.000Z'))).toBe('2025-11-10T10:00:00+00:00');
    expect(isoformatUtc(new Date('2025-11-10T10:00:00.123Z'))).toBe('2025-11-10T10:00:00.123000+00:00');
  });
});
