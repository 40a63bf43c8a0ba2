/**
 * JSON exactly as the original's Python reads and writes it, for the two places where JavaScript's
 * JSON differs visibly:
 * - request bodies (mark-read): DRF's JSONParser is CPython's `json` module, whose error texts end up
 *   in the 400 body (`JSON parse error - Expecting value: line 1 column 1 (char 0)`), and whose
 *   numbers are typed (`1` is an int, `1.0` a float — DRF's messages name the type);
 * - stored `payload` values: the original parses the jsonb text with `json.loads` and writes it
 *   back with `json.dumps`, so `1.0` stays `1.0`, integer-like keys keep their stored order and big
 *   integers stay exact — none of which survives a round trip through JavaScript objects.
 */

/** A parsed JSON value with Python's types: int → bigint, float → number, object → Map (key order kept). */
export type PyValue = null | boolean | bigint | number | string | PyValue[] | PyDict;
export type PyDict = Map<string, PyValue>;

/** Python's `type(value).__name__`, as DRF puts it in messages. */
export function pythonTypeName(value: PyValue): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** A ValueError of Python's json/codecs machinery; `message` is `str(exc)`. */
export class PythonValueError extends Error {
  override name = 'PythonValueError';
}

// ---------------------------------------------------------------------------------------------
// Bytes → text: codecs.getreader('utf-8')(stream).read()
// ---------------------------------------------------------------------------------------------

/**
 * UTF-8 as CPython's incremental StreamReader decodes it: the first invalid sequence raises
 * UnicodeDecodeError (message reproduced), a truncated sequence at the very end is silently left in
 * the reader's buffer (so dropped), and a BOM is kept as U+FEFF (json then rejects it).
 */
export function decodeUtf8(bytes: Uint8Array): string {
  let end = bytes.length;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // Sequence length and the allowed range of the second byte (no overlongs, no surrogates).
    let length = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b === 0xe0) [length, lo] = [3, 0xa0];
    else if (b === 0xed) [length, hi] = [3, 0x9f];
    else if (b >= 0xe1 && b <= 0xef) length = 3;
    else if (b === 0xf0) [length, lo] = [4, 0x90];
    else if (b === 0xf4) [length, hi] = [4, 0x8f];
    else if (b >= 0xf1 && b <= 0xf3) length = 4;
    else throw utf8Error(bytes, i, i + 1, 'invalid start byte');
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) {
        end = i; // incomplete at the end: kept for a next read that never comes
        break;
      }
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) throw utf8Error(bytes, i, i + k, 'invalid continuation byte');
    }
    i += length;
  }
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes.subarray(0, end));
}

function utf8Error(bytes: Uint8Array, start: number, end: number, reason: string): PythonValueError {
  const where =
    end - start === 1
      ? `byte 0x${bytes[start]!.toString(16).padStart(2, '0')} in position ${start}`
      : `bytes in position ${start}-${end - 1}`;
  return new PythonValueError(`'utf-8' codec can't decode ${where}: ${reason}`);
}

// ---------------------------------------------------------------------------------------------
// Text → value: json.loads(s, parse_constant=strict_constant) with CPython's C scanner
// ---------------------------------------------------------------------------------------------

const isWhitespace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

/** `JSONDecodeError.__str__`: positions count code points, as Python's str does. */
function decodeError(message: string, text: string, utf16Pos: number): PythonValueError {
  const pos = codePointIndex(text, utf16Pos);
  const before = text.slice(0, utf16Pos);
  const lineno = before.split('\n').length;
  const lastNewline = before.lastIndexOf('\n');
  const colno = lastNewline < 0 ? pos + 1 : pos - codePointIndex(text, lastNewline);
  return new PythonValueError(`${message}: line ${lineno} column ${colno} (char ${pos})`);
}

function codePointIndex(text: string, utf16Pos: number): number {
  let pairs = 0;
  for (let i = 0; i < utf16Pos - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs += 1;
        i += 1;
      }
    }
  }
  return utf16Pos - pairs;
}

/** StopIteration inside the scanner: becomes "Expecting value" at the outermost call. */
class StopIteration {
  constructor(readonly pos: number) {}
}

/** Parses a request body the way DRF's JSONParser does; throws PythonValueError with Python's text. */
export function parsePythonJson(text: string): PyValue {
  if (text.startsWith('\ufeff')) throw decodeError('Unexpected UTF-8 BOM (decode using utf-8-sig)', text, 0);
  const scanner = new Scanner(text);
  let idx = scanner.skipWhitespace(0);
  let value: PyValue;
  try {
    [value, idx] = scanner.scanOnce(idx);
  } catch (e) {
    if (e instanceof StopIteration) throw decodeError('Expecting value', text, e.pos);
    throw e;
  }
  idx = scanner.skipWhitespace(idx);
  if (idx !== text.length) throw decodeError('Extra data', text, idx);
  return value;
}

/**
 * Arrays and objects nested deeper than this are refused with a 400. CPython would overflow its
 * stack (a 500 upstream); here the recursion would too, after seconds of CPU on a 1 MiB body.
 */
export const MAX_NESTING = 512;

class Scanner {
  private depth = 0;

  constructor(private readonly s: string) {}

  /** Runs a container parser one level deeper, refusing bodies nested beyond MAX_NESTING. */
  private nested(idx: number, parse: (idx: number) => [PyValue, number]): [PyValue, number] {
    if (++this.depth > MAX_NESTING) throw decodeError('Maximum nesting depth exceeded', this.s, idx - 1);
    try {
      return parse(idx);
    } finally {
      this.depth--;
    }
  }

  skipWhitespace(idx: number): number {
    while (idx < this.s.length && isWhitespace(this.s[idx])) idx++;
    return idx;
  }

  private startsAt(word: string, idx: number): boolean {
    return this.s.startsWith(word, idx);
  }

  scanOnce(idx: number): [PyValue, number] {
    const s = this.s;
    if (idx >= s.length) throw new StopIteration(idx);
    switch (s[idx]) {
      case '"':
        return this.scanString(idx + 1);
      case '{':
        return this.nested(idx + 1, (i) => this.parseObject(i));
      case '[':
        return this.nested(idx + 1, (i) => this.parseArray(i));
      case 'n':
        if (this.startsAt('null', idx)) return [null, idx + 4];
        break;
      case 't':
        if (this.startsAt('true', idx)) return [true, idx + 4];
        break;
      case 'f':
        if (this.startsAt('false', idx)) return [false, idx + 5];
        break;
      case 'N':
        if (this.startsAt('NaN', idx)) throw outOfRangeConstant('NaN');
        break;
      case 'I':
        if (this.startsAt('Infinity', idx)) throw outOfRangeConstant('Infinity');
        break;
      case '-':
        if (this.startsAt('-Infinity', idx)) throw outOfRangeConstant('-Infinity');
        break;
    }
    return this.matchNumber(idx);
  }

  private matchNumber(start: number): [PyValue, number] {
    const s = this.s;
    const digit = (i: number) => i < s.length && s[i]! >= '0' && s[i]! <= '9';
    let idx = start;
    if (s[idx] === '-') {
      idx++;
      if (idx >= s.length) throw new StopIteration(start);
    }
    if (s[idx]! >= '1' && s[idx]! <= '9') {
      idx++;
      while (digit(idx)) idx++;
    } else if (s[idx] === '0') {
      idx++;
    } else {
      throw new StopIteration(start);
    }
    let isFloat = false;
    if (idx < s.length - 1 && s[idx] === '.' && digit(idx + 1)) {
      isFloat = true;
      idx += 2;
      while (digit(idx)) idx++;
    }
    if (idx < s.length - 1 && (s[idx] === 'e' || s[idx] === 'E')) {
      const eStart = idx;
      idx++;
      if (idx < s.length - 1 && (s[idx] === '-' || s[idx] === '+')) idx++;
      while (digit(idx)) idx++;
      if (s[idx - 1]! >= '0' && s[idx - 1]! <= '9') isFloat = true;
      else idx = eStart;
    }
    const literal = s.slice(start, idx);
    if (isFloat) return [Number(literal), idx];
    // Python 3.11 refuses to convert integers of more than 4300 digits (sys.int_info).
    const digits = literal.replace('-', '').length;
    if (digits > 4300) {
      throw new PythonValueError(
        `Exceeds the limit (4300 digits) for integer string conversion: value has ${digits} digits; ` +
          'use sys.set_int_max_str_digits() to increase the limit',
      );
    }
    return [BigInt(literal), idx];
  }

  private parseObject(idx: number): [PyValue, number] {
    const s = this.s;
    const out: PyDict = new Map();
    idx = this.skipWhitespace(idx);
    if (idx >= s.length || s[idx] !== '}') {
      for (;;) {
        if (idx >= s.length || s[idx] !== '"') throw decodeError('Expecting property name enclosed in double quotes', s, idx);
        const [key, afterKey] = this.scanString(idx + 1);
        idx = this.skipWhitespace(afterKey);
        if (idx >= s.length || s[idx] !== ':') throw decodeError("Expecting ':' delimiter", s, idx);
        idx = this.skipWhitespace(idx + 1);
        const [value, afterValue] = this.scanOnce(idx);
        out.set(key as string, value);
        idx = this.skipWhitespace(afterValue);
        if (idx < s.length && s[idx] === '}') break;
        if (idx >= s.length || s[idx] !== ',') throw decodeError("Expecting ',' delimiter", s, idx);
        idx = this.skipWhitespace(idx + 1);
      }
    }
    return [out, idx + 1];
  }

  private parseArray(idx: number): [PyValue, number] {
    const s = this.s;
    const out: PyValue[] = [];
    idx = this.skipWhitespace(idx);
    if (idx >= s.length || s[idx] !== ']') {
      for (;;) {
        const [value, afterValue] = this.scanOnce(idx);
        out.push(value);
        idx = this.skipWhitespace(afterValue);
        if (idx < s.length && s[idx] === ']') break;
        if (idx >= s.length || s[idx] !== ',') throw decodeError("Expecting ',' delimiter", s, idx);
        idx = this.skipWhitespace(idx + 1);
      }
    }
    return [out, idx + 1];
  }

  /** `scanstring` (strict): `end` is just after the opening quote. */
  private scanString(end: number): [PyValue, number] {
    const s = this.s;
    const begin = end - 1;
    let out = '';
    for (;;) {
      let next = end;
      let c = '';
      for (; next < s.length; next++) {
        c = s[next]!;
        if (c === '"' || c === '\\') break;
        if (c.charCodeAt(0) <= 0x1f) throw decodeError('Invalid control character at', s, next);
      }
      if (next >= s.length) throw decodeError('Unterminated string starting at', s, begin);
      out += s.slice(end, next);
      next++;
      if (c === '"') return [out, next];
      if (next === s.length) throw decodeError('Unterminated string starting at', s, begin);
      const esc = s[next]!;
      if (esc !== 'u') {
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        end = next + 1;
        if (!Object.hasOwn(simple, esc)) throw decodeError('Invalid \\escape', s, end - 2);
        out += simple[esc];
        continue;
      }
      next++;
      end = next + 4;
      if (end >= s.length) throw decodeError('Invalid \\uXXXX escape', s, next - 1);
      let code = this.hex4(next, end);
      next = end;
      // A high surrogate followed by `\uXXXX` of a low one is one code point.
      if (code >= 0xd800 && code <= 0xdbff && end + 6 < s.length && s[next] === '\\' && s[next + 1] === 'u') {
        const low = this.hex4(next + 2, end + 6);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          end += 6;
        }
      }
      out += String.fromCodePoint(code);
    }
  }

  private hex4(from: number, end: number): number {
    const digits = this.s.slice(from, end);
    if (!/^[0-9A-Fa-f]{4}$/.test(digits)) throw decodeError('Invalid \\uXXXX escape', this.s, end - 5);
    return Number.parseInt(digits, 16);
  }
}

/** DRF's `strict_constant` (STRICT_JSON): NaN and the infinities are refused. */
function outOfRangeConstant(name: string): PythonValueError {
  return new PythonValueError(`Out of range float values are not JSON compliant: '${name}'`);
}

// ---------------------------------------------------------------------------------------------
// jsonb text → what json.dumps(json.loads(text), ensure_ascii=False, separators=(',', ':')) writes
// ---------------------------------------------------------------------------------------------

/**
 * Re-writes Postgres's jsonb output as the original's renderer would. Strings need no change
 * (Postgres and Python escape exactly the same characters, with lower-case `\u00xx`); separators
 * lose their spaces; integers stay exact; decimals become Python floats (`repr`).
 */
export function jsonbToPythonJson(jsonbText: string): string {
  let out = '';
  for (let i = 0; i < jsonbText.length; ) {
    const ch = jsonbText[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (jsonbText[j] !== '"') j += jsonbText[j] === '\\' ? 2 : 1;
      out += jsonbText.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(jsonbText.slice(i, i + 400_000))!;
      out += m[1] || m[2] ? pythonFloatRepr(m[0]) : m[0];
      i += m[0].length;
    } else {
      if (!isWhitespace(ch)) out += ch;
      i += 1;
    }
  }
  return out;
}

/**
 * Python's `repr(float(literal))`: the shortest round-trip digits (as JavaScript's), fixed notation
 * with a trailing `.0` for exponents -5 < e < 16, otherwise `d.ddde±XX`. An out-of-range value
 * (which the original could not render at all) keeps the stored literal.
 */
export function pythonFloatRepr(literal: string): string {
  const x = Number(literal);
  if (!Number.isFinite(x)) return literal;
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const [mantissa, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (x === 0) return `${sign}0.0`;
  if (e < -4 || e >= 16) {
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const intPart = digits.slice(0, e + 1).padEnd(e + 1, '0');
  return `${sign}${intPart}.${digits.slice(e + 1) || '0'}`;
}

/**
 * A parsed document as plain JSON-shaped values, for endpoints that validate with zod rather than
 * DRF's fields: objects instead of Maps, integers as numbers (beyond the safe range as strings, so
 * nothing is silently rounded).
 */
export function toPlain(value: PyValue): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}
