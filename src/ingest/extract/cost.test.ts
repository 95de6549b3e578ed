import { describe, expect, it } from 'vitest';
import { loggedAmount, plainDecimal } from './cost.ts';

describe('loggedAmount', () => {
  it.each([
    [0.12, '0.12'],
    // A JSON number is a double: its float noise reads as the decimal it stands for (15 significant digits).
    [0.00022500000000000002, '0.000225'],
    [5.4999999999999995e-5, '0.000055'],
    [0.1 + 0.2, '0.3'],
    [123456789.12345678, '123456789.123457'],
    [1.23e14, '123000000000000'],
    [1e-7, '0.0000001'],
    [430, '430'],
    [0, '0'],
    ['0.49', '0.49'],
    ['0.10', '0.10'],
    ['$0.10', '0.10'],
    ['US$ 1.5', '1.5'],
    ['USD 2', '2'],
    ['"1,234.50"'.slice(1, -1), '1234.50'],
    // Text is read exactly, as written.
    ['5.4999999999999995e-05', '0.000054999999999999995'],
    ['0.123456789012345678901234567', '0.123456789012345678901234567'],
    ['1.5E3', '1500'],
    [' 7 ', '7'],
    ['-0', '0'],
    [-0, '0'],
    [1e-12, '0.000000000001'],
  ])('%j → %s', (value, expected) => {
    expect(loggedAmount(value)).toBe(expected);
  });

  it.each([['Included'], [''], ['0,49 €'], [Number.NaN], [Number.POSITIVE_INFINITY], [null], [true], [{}]])('%j is no amount', (value) => {
    expect(loggedAmount(value)).toBeUndefined();
  });

  it.each([[-0.5], ['-0.5'], ['$-1'.replace('$', '')]])('%j is negative: the row is rejected', (value) => {
    expect(loggedAmount(value)).toEqual({ problem: expect.stringContaining('must be 0 or more') });
  });

  it.each([[1.23e29], [1e15], [5e-324], [1e-13], ['1e300'], [`0.${'1'.repeat(31)}`]])('%j is out of bounds: the row is rejected', (value) => {
    expect(loggedAmount(value)).toEqual({ problem: expect.stringContaining('not a plausible cost') });
  });
});

describe('plainDecimal', () => {
  it('shifts digits, never through a float', () => {
    expect(plainDecimal('0.00012e2')).toBe('0.012');
    expect(plainDecimal('123.456e-1')).toBe('12.3456');
    expect(plainDecimal('123.456e5')).toBe('12345600');
    expect(plainDecimal('9007199254740993e-3')).toBe('9007199254740.993');
    expect(plainDecimal('1e-401')).toBeUndefined();
  });
});
