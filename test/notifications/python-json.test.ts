// The Python-compatible JSON pieces the endpoints rely on, checked against values CPython 3.11
// produced (`repr(float(s))`, json.dumps of jsonb text). The HTTP tests cover them end to end.
import { describe, expect, it } from 'vitest';
import { jsonbToPythonJson, parsePythonJson, pythonFloatRepr } from '../../src/lib/drf/python-json.ts';

describe('pythonFloatRepr', () => {
  it.each([
    ['0.1', '0.1'],
    ['1e22', '1e+22'],
    ['5e-324', '5e-324'],
    ['1.7976931348623157e308', '1.7976931348623157e+308'],
    ['123.456', '123.456'],
    ['0.0001', '0.0001'],
    ['0.00001234', '1.234e-05'],
    ['12345678901234567.0', '1.2345678901234568e+16'],
    ['9999999999999998.0', '9999999999999998.0'],
    ['1e15', '1000000000000000.0'],
    ['-2.50', '-2.5'],
    ['3.141592653589793238', '3.141592653589793'],
    ['100.000', '100.0'],
    ['0.000', '0.0'],
    ['-0.0', '-0.0'],
  ])('%s → %s', (literal, repr) => expect(pythonFloatRepr(literal)).toBe(repr));
});

describe('jsonbToPythonJson', () => {
  it('drops jsonb\'s separator spaces only, keeps strings and key order, exact integers', () => {
    expect(jsonbToPythonJson('{"a": "x, y: z", "10": [1, 2.50, {"k": null}], "b": true}')).toBe('{"a":"x, y: z","10":[1,2.5,{"k":null}],"b":true}');
    expect(jsonbToPythonJson('"a \\"quoted\\" \\\\ string"')).toBe('"a \\"quoted\\" \\\\ string"');
    expect(jsonbToPythonJson('123456789012345678901234567890')).toBe('123456789012345678901234567890');
    expect(jsonbToPythonJson('[]')).toBe('[]');
  });
});

describe('parsePythonJson', () => {
  it('types numbers as Python does and keeps objects as ordered maps', () => {
    const value = parsePythonJson(' {"n": 1, "f": 1.0, "e": 1e2, "big": 123456789012345678901234567890, "s": "\\u00e9\\ud83d\\ude00"} ');
    expect(value).toEqual(
      new Map<string, unknown>([
        ['n', 1n],
        ['f', 1],
        ['e', 100],
        ['big', 123456789012345678901234567890n],
        ['s', 'é😀'],
      ]),
    );
  });

  it('refuses integers of more than 4300 digits, as Python 3.11 does', () => {
    expect(() => parsePythonJson('9'.repeat(4301))).toThrow(
      'Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit',
    );
    expect(parsePythonJson('9'.repeat(4300))).toBe(BigInt('9'.repeat(4300)));
  });
});
