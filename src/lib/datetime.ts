/**
 * Datetimes as the original's clients expect them (contract §c.9, decision D8).
 * Postgres text (session TimeZone UTC, set by the context statement) is the source: a JS Date
 * would drop microseconds.
 */

const PG_TIMESTAMPTZ = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?:\+00(?::?00)?|Z)$/;

/** `2025-11-10 10:00:00.12+00` → `2025-11-10T10:00:00.120000Z`; microseconds only when non-zero. */
export function formatDateTime(pgText: string): string;
export function formatDateTime(pgText: string | null): string | null;
export function formatDateTime(pgText: string | null): string | null {
  if (pgText === null) return null;
  const m = PG_TIMESTAMPTZ.exec(pgText);
  if (!m) throw new Error(`unexpected timestamptz text (is the session TimeZone UTC?): ${pgText}`);
  const micros = (m[3] ?? '').padEnd(6, '0');
  return `${m[1]}T${m[2]}${/^0+$/.test(micros) ? '' : `.${micros}`}Z`;
}

/** Python `datetime.isoformat()` of a UTC instant, as the health views print it: `…+00:00`. */
export function isoformatUtc(date: Date): string {
  const base = date.toISOString(); // 2025-11-10T10:00:00.123Z
  const ms = date.getUTCMilliseconds();
  return `${base.slice(0, 19)}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}000`}+00:00`;
}
