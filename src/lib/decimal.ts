/**
 * Exact decimal strings (decision D7). Token amounts never become JS numbers: values arrive as
 * Postgres numeric text and are handled as BigInt counts of 10^-scale units.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string into a BigInt of units of 10^-scale; extra digits must be zeros. */
export function toUnits(value: string, scale: number): bigint {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new Error(`not a decimal: ${value}`);
  const frac = m[3] ?? '';
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) {
    throw new Error(`decimal ${value} has more than ${scale} places`);
  }
  const units = BigInt(m[2]! + frac.slice(0, scale).padEnd(scale, '0'));
  return m[1] === '-' ? -units : units;
}

/** Renders units of 10^-scale as a plain decimal string with exactly `scale` places. */
export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${int}${scale > 0 ? `.${frac}` : ''}`;
}

/** A numeric value as the contract renders amounts: exactly 6 places, plain notation. */
export function formatAmount(value: string): string {
  return fromUnits(toUnits(value, 6), 6);
}

/** numerator / denominator rounded half-to-even to `scale` places, exactly. */
export function divideHalfEven(numerator: bigint, denominator: bigint, scale: number): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const sign = (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
  const n = (numerator < 0n ? -numerator : numerator) * 10n ** BigInt(scale);
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  const twiceRemainder = (n % d) * 2n;
  if (twiceRemainder > d || (twiceRemainder === d && q % 2n === 1n)) q += 1n;
  return sign * q;
}

/**
 * `part / whole × 100` with 2 places, half-to-even, `"0.00"` when whole is zero; no cap, so
 * values above 100 are possible (contract §c.9).
 */
export function formatPercent(part: string, whole: string): string {
  const p = toUnits(part, 6);
  const w = toUnits(whole, 6);
  if (w === 0n) return '0.00';
  return fromUnits(divideHalfEven(p * 100n, w, 2), 2);
}

/** a − b on 6-place amounts. */
export function subtractAmounts(a: string, b: string): string {
  return fromUnits(toUnits(a, 6) - toUnits(b, 6), 6);
}
