import { describe, expect, it } from 'vitest';
import { add, allocateRounded, compare, costOf, divide, mul, parseDecimal, round, sub, sum, toFixed, toPlainString, tryParseDecimal } from './money.ts';

const d = parseDecimal;
const s = toPlainString;

describe('money', () => {
  it('parses and prints plain decimals canonically', () => {
    expect(s(d('0.280'))).toBe('0.28');
    expect(s(d('12'))).toBe('12');
    expect(s(d('-1.50'))).toBe('-1.5');
    expect(s(d('0'))).toBe('0');
    expect(s(d('000.0001'))).toBe('0.0001');
    expect(tryParseDecimal('1e-3')).toBeUndefined();
    expect(tryParseDecimal('0.1.2')).toBeUndefined();
    expect(tryParseDecimal('')).toBeUndefined();
    expect(() => d('abc')).toThrow(/not a decimal/);
  });

  it('adds without float noise', () => {
    expect(s(add(d('0.1'), d('0.2')))).toBe('0.3');
    // The float sum of these is 58.65379972999999 — the kind of noise the report must never show.
    const parts = ['12.34567891', '20.1', '26.20812081999999'].map(d);
    expect(s(sum(parts))).toBe('58.65379972999999');
    expect(s(sub(d('1'), d('0.999999999999')))).toBe('0.000000000001');
  });

  it('prices tokens exactly per million', () => {
    expect(s(costOf(1_000_000, d('0.28')))).toBe('0.28');
    expect(s(costOf(1, d('0.028')))).toBe('0.000000028');
    expect(s(costOf(12, d('0.56')))).toBe('0.00000672');
    expect(s(costOf(0, d('15')))).toBe('0');
    // 9e15 tokens × a rate stays exact (BigInt), where a float product would not.
    expect(s(costOf(9_007_199_254_740_991, d('0.003625')))).toBe('32651097.298436092375');
    expect(() => costOf(1.5, d('1'))).toThrow(/safe integer/);
  });

  it('sums per-request costs to exactly the bucketed cost', () => {
    const rate = d('0.42');
    let perRequest = d('0');
    let tokens = 0;
    for (let i = 1; i <= 1000; i++) {
      perRequest = add(perRequest, costOf(i * 7, rate));
      tokens += i * 7;
    }
    expect(s(perRequest)).toBe(s(costOf(tokens, rate)));
  });

  it('multiplies exactly (batch multipliers, discounts)', () => {
    expect(s(mul(d('1.25'), d('0.5')))).toBe('0.625');
    expect(s(mul(d('0.0625'), d('0.8')))).toBe('0.05');
  });

  it('rounds half to even and formats fixed places', () => {
    expect(toFixed(d('0.125'), 2)).toBe('0.12');
    expect(toFixed(d('0.135'), 2)).toBe('0.14');
    expect(toFixed(d('-0.125'), 2)).toBe('-0.12');
    expect(toFixed(d('2.5'), 0)).toBe('2');
    expect(toFixed(d('3.5'), 0)).toBe('4');
    expect(toFixed(d('1'), 4)).toBe('1.0000');
    expect(toFixed(d('0.00000672'), 6)).toBe('0.000007');
    expect(s(round(d('0.999995'), 5))).toBe('1');
  });

  it('divides for display ratios', () => {
    expect(s(divide(d('1'), d('3'), 4))).toBe('0.3333');
    expect(s(divide(d('2'), d('3'), 2))).toBe('0.67');
    expect(s(divide(d('-50'), d('200'), 2))).toBe('-0.25');
    expect(() => divide(d('1'), d('0'), 2)).toThrow(/zero/);
  });

  it('compares', () => {
    expect(compare(d('0.28'), d('0.280'))).toBe(0);
    expect(compare(d('0.028'), d('0.28'))).toBe(-1);
    expect(compare(d('-1'), d('-2'))).toBe(1);
  });
});

describe('allocateRounded', () => {
  it('rounds rows so that they sum exactly to the rounded total', () => {
    const rows = ['0.333', '0.333', '0.334', '1.005', '2.4449'].map(d);
    const rounded = allocateRounded(rows, 2);
    // Exact sum 4.4499 rounds to 4.45; floors give 4.43, and the two missing cents go to the
    // largest remainders (1.005 and 2.4449), not to the row that rounds up on its own (0.334).
    expect(rounded.map(s)).toEqual(['0.33', '0.33', '0.33', '1.01', '2.45']);
    expect(s(sum(rounded))).toBe('4.45');
  });

  it('spreads a residual of several units over the largest remainders', () => {
    const rows = Array.from({ length: 7 }, () => d('0.142857'));
    const rounded = allocateRounded(rows, 2);
    expect(s(sum(rounded))).toBe('1');
    expect(rounded.map(s).sort()).toEqual(['0.14', '0.14', '0.14', '0.14', '0.14', '0.15', '0.15']);
  });

  it('keeps exact values that already fit', () => {
    expect(allocateRounded(['1.5', '2', '0'].map(d), 2).map(s)).toEqual(['1.5', '2', '0']);
  });
});
