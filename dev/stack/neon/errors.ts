// Error bodies in the shape @neondatabase/serverless copies onto NeonDbError. The driver only reads
// them when the status is exactly 400; any other status becomes an opaque "Server error".
export const NEON_ERROR_STATUS = 400;

const PG_ERROR_FIELDS = [
  'severity', 'code', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where',
  'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine',
] as const;

export type NeonErrorBody = { message: string } & Partial<Record<(typeof PG_ERROR_FIELDS)[number], string>>;

export function neonErrorBody(err: unknown): NeonErrorBody {
  const source = (err ?? {}) as Record<string, unknown>;
  const body: NeonErrorBody = { message: err instanceof Error ? err.message : String(err) };
  for (const field of PG_ERROR_FIELDS) {
    const value = source[field];
    if (value !== undefined && value !== null) body[field] = String(value);
  }
  return body;
}

/** A client-side protocol mistake reported the way Postgres would (so callers see a code). */
export function protocolError(message: string, code = '08P01'): Error {
  return Object.assign(new Error(message), { severity: 'ERROR', code });
}
