/**
 * Ids as the original accepts them: Django's UUIDField (path lookups) and DRF's
 * UUIDField (mark-read) both go through Python's `uuid.UUID(hex=…)`, which drops `urn:` and
 * `uuid:`, strips braces at both ends and ignores every hyphen, then wants 32 hex digits in any
 * case. A plain hex pattern on purpose: zod's `z.uuid()` rejects non-RFC-4122 ids (stack notes).
 * Returns the canonical lower-case hyphenated form, or null.
 */
export function parseUuidText(value: string): string | null {
  const hex = value
    .replaceAll('urn:', '')
    .replaceAll('uuid:', '')
    .replace(/^[{}]+|[{}]+$/g, '')
    .replaceAll('-', '');
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return null;
  return hyphenate(hex.toLowerCase());
}

const UUID_RANGE = 1n << 128n;

/** DRF's UUIDField also takes a JSON integer (`uuid.UUID(int=…)`), and Python's bools are ints. */
export function parseUuidInt(value: bigint | boolean): string | null {
  const int = typeof value === 'boolean' ? BigInt(value) : value;
  if (int < 0n || int >= UUID_RANGE) return null;
  return hyphenate(int.toString(16).padStart(32, '0'));
}

function hyphenate(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
