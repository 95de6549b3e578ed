import { describe, expect, it } from 'vitest';
import { countReason, looksNumeric, parseCount } from './numbers.ts';

describe('parseCount', () => {
  it.each([
    [0, 0],
    [42, 42],
    [-0, 0],
    [12.0, 12],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ])('accepts the JSON number %j', (value, expected) => {
    expect(parseCount(value, false)).toBe(expected);
  });

  it.each([-5, 12.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2, true, null, {}, [1]])('rejects %j', (value) => {
    expect(parseCount(value, true)).toBe('not-a-count');
  });

  it('refuses text where the format has JSON numbers', () => {
    expect(parseCount('12', false)).toBe('text-not-allowed');
  });

  it.each([
    ['1,000', 1000],
    [' 42 ', 42],
    ['12,345,678', 12345678],
    ['12.0', 12],
    ['+7', 7],
  ])('accepts the text %j when numbers may be text', (value, expected) => {
    expect(parseCount(value, true)).toBe(expected);
  });

  it.each(['12.5', '-3', 'abc', '$5', '1,00', '1e3', '', '1 000'])('rejects the text %j', (value) => {
    expect(parseCount(value, true)).toBe('not-a-count');
  });

  it('says what and where', () => {
    expect(countReason('usage.prompt_tokens', -5, 'not-a-count')).toBe('usage.prompt_tokens is -5: token counts must be whole numbers ≥ 0');
    expect(countReason('column "Input"', '12.5', 'not-a-count')).toBe('column "Input" is "12.5": token counts must be whole numbers ≥ 0');
  });
});

describe('looksNumeric', () => {
  it('tells counts from text', () => {
    expect(looksNumeric(12)).toBe(true);
    expect(looksNumeric(' -3 ')).toBe(true);
    expect(looksNumeric('12.5')).toBe(true);
    expect(looksNumeric('1,000')).toBe(true);
    expect(looksNumeric('Hello')).toBe(false);
    expect(looksNumeric('')).toBe(false);
    expect(looksNumeric(null)).toBe(false);
  });
});
