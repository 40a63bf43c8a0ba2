import { describe, expect, it } from 'vitest';
import { formatAmount, formatPercent, fromUnits, subtractAmounts, toUnits } from './decimal.ts';

describe('amounts', () => {
  it('renders numeric text with exactly 6 places', () => {
    expect(formatAmount('1000')).toBe('1000.000000');
    expect(formatAmount('0')).toBe('0.000000');
    expect(formatAmount('1000.5')).toBe('1000.500000');
    expect(formatAmount('-3.000001')).toBe('-3.000001');
  });
  it('keeps sums beyond 12 integer digits exact (the original answered 500)', () => {
    expect(formatAmount('123456789012345678.123456')).toBe('123456789012345678.123456');
    expect(subtractAmounts('999999999999999999.999999', '0.000001')).toBe('999999999999999999.999998');
  });
  it('refuses non-decimals and lost precision', () => {
    expect(() => toUnits('1e5', 6)).toThrow();
    expect(() => toUnits('0.0000001', 6)).toThrow();
    expect(toUnits('0.1234560', 6)).toBe(123456n);
  });
  it('subtracts without floating point', () => {
    expect(subtractAmounts('1000.000000', '100.000000')).toBe('900.000000');
    expect(subtractAmounts('0.3', '0.1')).toBe('0.200000');
    expect(subtractAmounts('1', '2')).toBe('-1.000000');
    expect(fromUnits(5n, 6)).toBe('0.000005');
  });
});

describe('percent (2 places, half-to-even)', () => {
  it.each([
    ['12.345', '100', '12.34'],
    ['12.335', '100', '12.34'],
    ['12.355', '100', '12.36'],
    ['2', '3', '66.67'],
    ['1', '3', '33.33'],
    ['150', '100', '150.00'],
    ['0', '100', '0.00'],
    ['5', '0', '0.00'],
    ['100', '100', '100.00'],
    ['0.000001', '3', '0.00'],
    ['123456789012.123456', '123456789012.123456', '100.00'],
  ])('%s / %s → %s', (part, whole, expected) => {
    expect(formatPercent(part, whole)).toBe(expected);
  });
});
