import { asc, desc, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * DRF OrderingFilter as the original exposes it (contract §c.8, decision D13): comma-separated
 * keys, `-` for descending, unknown keys dropped silently; no valid key keeps the default order.
 */
export function parseOrdering(raw: string | undefined | null, allowed: Record<string, SQLWrapper>): SQL[] | null {
  if (!raw) return null;
  const terms: SQL[] = [];
  for (const term of raw.split(',').map((t) => t.trim())) {
    const descending = term.startsWith('-');
    const column = Object.hasOwn(allowed, descending ? term.slice(1) : term)
      ? allowed[descending ? term.slice(1) : term]
      : undefined;
    if (column) terms.push(descending ? desc(column) : asc(column));
  }
  return terms.length > 0 ? terms : null;
}
