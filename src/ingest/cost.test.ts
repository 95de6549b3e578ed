import { describe, expect, it } from 'vitest';
import { loggedAmount, plainDecimal } from './cost.ts';

describe('loggedAmount', () => {
  it.each([
    [0.12, '0.12'],
    [0.00022500000000000002, '0.00022500000000000002'],
    [5.4999999999999995e-5, '0.000054999999999999995'],
    [1e-7, '0.0000001'],
    [430, '430'],
    [1e21, '1000000000000000000000'],
    [0, '0'],
    ['0.49', '0.49'],
    ['0.10', '0.10'],
    ['$0.10', '0.10'],
    ['US$ 1.5', '1.5'],
    ['USD 2', '2'],
    ['"1,234.50"'.slice(1, -1), '1234.50'],
    ['5.4999999999999995e-05', '0.000054999999999999995'],
    ['1.5E3', '1500'],
    [' 7 ', '7'],
    ['-0.5', '-0.5'],
  ])('%j → %s', (value, expected) => {
    expect(loggedAmount(value)).toBe(expected);
  });

  it.each([['Included'], [''], ['0,49 €'], [Number.NaN], [Number.POSITIVE_INFINITY], [null], [true], [{}]])('%j is no amount', (value) => {
    expect(loggedAmount(value)).toBeUndefined();
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
