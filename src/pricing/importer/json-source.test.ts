// Exact number reading: per-token floats become per-million decimals from their source text.
import { describe, expect, it } from 'vitest';
import { isObject, JsonSyntaxError, literalToDecimalText, NumberLiteral, parseJsonExact } from './json-source.ts';

const literal = (text: string) => new NumberLiteral(text);

describe('literalToDecimalText', () => {
  it.each([
    ['3e-06', 6, '3'],
    ['1.25e-07', 6, '0.125'],
    ['1.1e-06', 6, '1.1'],
    ['5.46875e-07', 6, '0.546875'],
    ['0.000015', 6, '15'],
    ['2.25e-05', 6, '22.5'],
    ['1E-5', 6, '10'],
    ['0.0', 6, '0'],
    ['0', 6, '0'],
    ['12', 6, '12000000'],
    ['0.135', 0, '0.135'],
    ['2.5e-1', 0, '0.25'],
    ['1e+2', 0, '100'],
    ['007', 0, '7'],
  ])('%s shifted %i places is %s', (text, shift, expected) => {
    expect(literalToDecimalText(literal(text), shift)).toBe(expected);
  });

  it('refuses negatives and non-numbers', () => {
    expect(literalToDecimalText(literal('-1e-06'), 6)).toBeUndefined();
    expect(literalToDecimalText('3e-06', 6)).toBeUndefined();
    expect(literalToDecimalText(undefined, 6)).toBeUndefined();
  });

  it('is exact where floats are not', () => {
    // LiteLLM's 1.7e-07 and 1e-07 times a million are 0.16999999999999998 and 0.09999999999999999 in floats.
    expect(1.7e-7 * 1e6).not.toBe(0.17);
    expect(1e-7 * 1e6).not.toBe(0.1);
    expect(literalToDecimalText(literal('1.7e-07'), 6)).toBe('0.17');
    expect(literalToDecimalText(literal('1e-07'), 6)).toBe('0.1');
  });
});

describe('parseJsonExact', () => {
  it('keeps number literals as written, and everything else as JSON.parse would', () => {
    const value = parseJsonExact('{"a": [1.25e-07, true, null, "x\\"y\\u00e9"], "b": {"c": -0.5}, "d": {}}');
    expect(isObject(value)).toBe(true);
    if (!isObject(value)) return;
    expect(value.a).toEqual([literal('1.25e-07'), true, null, 'x"yé']);
    expect(value.b).toEqual({ c: literal('-0.5') });
    expect(value.d).toEqual({});
  });

  it.each([
    ['{"a": 1,}', 'expected a quoted key at line 1, column 9'],
    ['{"a": 1\n "b": 2}', 'expected "}" at line 2, column 2'],
    ['[1, 2', 'expected "]" at line 1, column 6'],
    ['{"a": 01}', 'expected "}" at line 1, column 8'],
    ['{"a": 1} x', 'unexpected text after the JSON value at line 1, column 10'],
    ['"open', 'unterminated string at line 1, column 6'],
  ])('rejects %j with where', (text, message) => {
    expect(() => parseJsonExact(text)).toThrow(new JsonSyntaxError(message));
  });
});
