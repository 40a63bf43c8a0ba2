import { ApiError } from '../../pipeline/errors/api-error.ts';
import { parseUuidInt, parseUuidText } from '../../lib/uuid.ts';
import { pythonTypeName, type PyValue } from '../../lib/drf/python-json.ts';
import type { FormFields, RequestData } from '../../lib/drf/request-data.ts';

/** At most this many ids per call (DRF `ListField(max_length=…)` wording). */
export const MAX_IDS = 1000;

/** The cross-field rule's text (the original's is a Chinese sentence with this meaning, §d.3). */
export const NOTHING_TO_MARK = 'Either notification_ids must be given or mark_all must be true.';

export type MarkReadInput = { markAll: true } | { markAll: false; ids: string[] };

const MUST_BE_UUID = 'Must be a valid UUID.';
const NOT_NULL = 'This field may not be null.';
const MUST_BE_BOOLEAN = 'Must be a valid boolean.';

// DRF BooleanField's accepted spellings; Python's 1 == 1.0 == True, so the numbers match floats too.
const TRUE_STRINGS = new Set(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1']);
const FALSE_STRINGS = new Set(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0']);

/** A field's raw value: absent, or what the client sent (form values are strings or files). */
type Raw = { present: false } | { present: true; value: PyValue | File };

/**
 * The mark-read serializer (contract §d.3), DRF semantics throughout: field errors first (in field
 * order, list items by index), then the cross-field rule, all as 400 `VALIDATION.INVALID_INPUT`.
 */
export function validateMarkRead(data: RequestData): MarkReadInput {
  if (data.kind === 'json' && !(data.value instanceof Map)) {
    const detail =
      data.value === null ? 'No data provided' : `Invalid data. Expected a dictionary, but got ${pythonTypeName(data.value)}.`;
    throw ApiError.invalidInput({ non_field_errors: [detail] });
  }
  const [idsRaw, markAllRaw] =
    data.kind === 'json'
      ? [jsonField(data.value as Map<string, PyValue>, 'notification_ids'), jsonField(data.value as Map<string, PyValue>, 'mark_all')]
      : [formList(data.fields, 'notification_ids'), formBoolean(data.fields, 'mark_all')];

  const errors: Record<string, unknown> = {};
  const ids = validateIds(idsRaw, errors);
  const markAll = validateBoolean(markAllRaw, 'mark_all', errors);
  if (Object.keys(errors).length > 0) throw ApiError.invalidInput(errors);

  if (markAll) return { markAll: true };
  if (!ids || ids.length === 0) throw ApiError.invalidInput({ non_field_errors: [NOTHING_TO_MARK] });
  return { markAll: false, ids };
}

function jsonField(body: Map<string, PyValue>, name: string): Raw {
  return body.has(name) ? { present: true, value: body.get(name)! } : { present: false };
}

/** ListField from form data: every value of the key, else `key[0]`, `key[1]`… by index. */
function formList(fields: FormFields, name: string): Raw {
  const values = fields.get(name);
  if (values && values.length > 0) return { present: true, value: values as unknown as PyValue };
  const indexed = new Map<number, string | File>();
  const pattern = new RegExp(`^${name}\\[([0-9]+)\\](.*)$`);
  for (const [key, all] of fields) {
    const m = pattern.exec(key);
    if (!m) continue;
    // `key[0]sub` would be a nested dict in DRF: never a UUID, so any non-string stands for it.
    indexed.set(Number(m[1]), m[2] ? new File([], 'nested') : all[all.length - 1]!);
  }
  if (indexed.size === 0) return { present: false };
  const list = [...indexed.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
  return { present: true, value: list as unknown as PyValue };
}

/** A form checkbox: the last value; missing or blank means the default. */
function formBoolean(fields: FormFields, name: string): Raw {
  const values = fields.get(name);
  const last = values?.[values.length - 1];
  return last === undefined || last === '' ? { present: false } : { present: true, value: last as PyValue | File };
}

function validateIds(raw: Raw, errors: Record<string, unknown>): string[] | undefined {
  if (!raw.present) return undefined;
  const value = raw.value;
  if (value === null) {
    errors.notification_ids = [NOT_NULL];
    return undefined;
  }
  if (!Array.isArray(value)) {
    errors.notification_ids = [`Expected a list of items but got type "${pythonTypeName(value as PyValue)}".`];
    return undefined;
  }
  const itemErrors: Record<string, string[]> = {};
  const ids: string[] = [];
  value.forEach((item: PyValue | File, index) => {
    const id = item === null ? null : toUuid(item);
    if (id) ids.push(id);
    else itemErrors[String(index)] = [item === null ? NOT_NULL : MUST_BE_UUID];
  });
  if (Object.keys(itemErrors).length > 0) {
    errors.notification_ids = itemErrors;
    return undefined;
  }
  if (ids.length > MAX_IDS) {
    errors.notification_ids = [`Ensure this field has no more than ${MAX_IDS} elements.`];
    return undefined;
  }
  return ids;
}

function toUuid(item: PyValue | File): string | null {
  if (typeof item === 'string') return parseUuidText(item);
  if (typeof item === 'bigint' || typeof item === 'boolean') return parseUuidInt(item);
  return null;
}

function validateBoolean(raw: Raw, name: string, errors: Record<string, unknown>): boolean {
  if (!raw.present) return false;
  const value = raw.value;
  if (value === null) {
    errors[name] = [NOT_NULL];
    return false;
  }
  if (value === true || value === 1n || value === 1 || (typeof value === 'string' && TRUE_STRINGS.has(value))) return true;
  if (value === false || value === 0n || value === 0 || (typeof value === 'string' && FALSE_STRINGS.has(value))) return false;
  errors[name] = [MUST_BE_BOOLEAN];
  return false;
}
