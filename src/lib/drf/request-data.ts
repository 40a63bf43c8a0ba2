import { ApiError } from '../../pipeline/errors/api-error.ts';
import { decodeUtf8, parsePythonJson, PythonValueError, type PyValue } from './python-json.ts';

/**
 * `request.data` as DRF builds it for a write (parsers JSON, form, multipart — the defaults):
 * - `json`: the parsed document with Python's types;
 * - `form`: a QueryDict-like multi-map (form-encoded or multipart fields, in order);
 * - an empty body is `{}` whatever its media type, as DRF never picks a parser for it.
 */
export type RequestData = { kind: 'json'; value: PyValue } | { kind: 'form'; fields: FormFields };

/** Field name → values in order; `File` parts are kept as non-string values. */
export type FormFields = Map<string, (string | File)[]>;

/** The body size this endpoint reads at most (1000 ids are ~40 KB of JSON). */
export const MAX_BODY_BYTES = 1 << 20;

interface MediaType {
  type: string;
  subtype: string;
  params: Record<string, string>;
}

/** Django's `parse_header_parameters`, enough for `type/subtype; key=value`. */
function parseMediaType(header: string): MediaType {
  const [full = '', ...rest] = header.split(';').map((p) => p.trim());
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    params[part.slice(0, eq).trim().toLowerCase()] = value;
  }
  const [type = '', subtype = ''] = splitOnce(full.toLowerCase(), '/');
  return { type, subtype, params };
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
}

// DRF's `_MediaType.match`: a `*` in the request's type matches too (so "any/any" selects JSON).
function matches(parser: readonly [string, string], request: MediaType): boolean {
  const [type, subtype] = parser;
  return (request.subtype === '*' || request.subtype === subtype) && (request.type === '*' || request.type === type);
}

const PARSERS = [
  ['json', ['application', 'json']],
  ['form', ['application', 'x-www-form-urlencoded']],
  ['multipart', ['multipart', 'form-data']],
] as const;

/** Reads and parses the body; 415 for a media type no parser takes, 400 for a body it cannot parse. */
export async function readRequestData(request: Request): Promise<RequestData> {
  const contentType = request.headers.get('Content-Type') ?? '';
  const declaredLength = Number(request.headers.get('Content-Length') ?? '0');
  if (declaredLength > MAX_BODY_BYTES) throw tooLarge();
  const bytes = await readBounded(request);
  if (bytes.length === 0) return { kind: 'json', value: new Map() };

  const mediaType = parseMediaType(contentType);
  const parser = PARSERS.find(([, accepted]) => matches(accepted, mediaType))?.[0];
  if (!parser) throw ApiError.unsupportedMediaType(contentType);

  if (parser === 'json') {
    try {
      return { kind: 'json', value: parsePythonJson(decodeText(bytes, mediaType.params.charset)) };
    } catch (e) {
      if (e instanceof PythonValueError) throw ApiError.badRequest(`JSON parse error - ${e.message}`);
      throw e;
    }
  }
  if (parser === 'form') {
    const fields: FormFields = new Map();
    for (const [key, value] of new URLSearchParams(decodeText(bytes, mediaType.params.charset, { lenient: true }))) {
      fields.set(key, [...(fields.get(key) ?? []), value]);
    }
    return { kind: 'form', fields };
  }
  if (!mediaType.params.boundary) throw ApiError.badRequest('Multipart form parse error - Invalid boundary in multipart: None');
  try {
    const form = await new Request('http://body/', { method: 'POST', headers: { 'Content-Type': contentType }, body: bytes }).formData();
    const fields: FormFields = new Map();
    for (const [key, value] of form) fields.set(key, [...(fields.get(key) ?? []), value]);
    return { kind: 'form', fields };
  } catch (e) {
    throw ApiError.badRequest(`Multipart form parse error - ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The body, read chunk by chunk and abandoned past the limit (a chunked body declares no length). */
async function readBounded(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * The request's charset (Django honours a known one), UTF-8 otherwise. UTF-8 is decoded the way
 * Python's stream reader does, so its errors read like the original's; form bodies replace bad bytes.
 */
function decodeText(bytes: Uint8Array, charset: string | undefined, options: { lenient?: boolean } = {}): string {
  const label = charset?.trim().toLowerCase();
  if (label && label !== 'utf-8' && label !== 'utf8') {
    try {
      return new TextDecoder(label, { fatal: false, ignoreBOM: true }).decode(bytes);
    } catch {
      // An encoding the platform does not know: Django ignores it too and reads UTF-8.
    }
  }
  return options.lenient ? new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes) : decodeUtf8(bytes);
}

function tooLarge(): ApiError {
  return ApiError.badRequest(`Request body is too large (at most ${MAX_BODY_BYTES} bytes).`);
}
