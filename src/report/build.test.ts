import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, parseDecimal, type Decimal } from '../core/money.ts';
import { byCostKeyDescending, costKeyOf } from './build.ts';

const decimal = fc.record({ coef: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), scale: fc.integer({ min: 0, max: 40 }) });
/** Pairs that differ in the last digits, where doubles cannot tell them apart. */
const close = fc.tuple(decimal, fc.bigInt({ min: -3n, max: 3n }), fc.integer({ min: 0, max: 30 })).map(([a, step, extra]): [Decimal, Decimal] => [
  { coef: a.coef * 10n ** BigInt(extra), scale: a.scale + extra },
  { coef: a.coef * 10n ** BigInt(extra) + step, scale: a.scale + extra },
]);
const sign = (n: number) => Math.sign(n) + 0;

describe('groups ordered by cost: doubles first, exactly', () => {
  it('orders any two amounts as the exact comparison does (most expensive first)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(decimal, decimal), close), ([a, b]) => {
        expect(sign(byCostKeyDescending(costKeyOf('USD', a), costKeyOf('USD', b)))).toBe(sign(compare(b, a)));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts costs that only differ in the 20th significant digit', () => {
    const texts = ['0.12345678901234567890', '0.12345678901234567891', '0.1234567890123456789', '12', '12.000000000000000000001', '0', '0.000000000000000000001'];
    const sorted = texts.map((t) => costKeyOf('USD', parseDecimal(t))).sort(byCostKeyDescending);
    expect(sorted.map((k) => k.amount)).toEqual(['12.000000000000000000001', '12', '0.12345678901234567891', '0.12345678901234567890', '0.1234567890123456789', '0.000000000000000000001', '0'].map(parseDecimal));
  });
});
