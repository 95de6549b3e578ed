import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, parseDecimal, sum, toPlainString, type Decimal } from './money.ts';
import { splitGroups, splitTotal, type SplitLine } from './variance.ts';

const d = parseDecimal;
const s = (x: Decimal) => toPlainString(x);

/** A line of `requests` requests of `input` + `output` tokens each at per-million rates. */
function line(requests: number, input: number, output: number, inRate: string, outRate: string): SplitLine {
  const cin = d(inRate);
  const cout = d(outRate);
  const costIn = toPlainString({ coef: cin.coef * BigInt(requests * input), scale: cin.scale + 6 });
  const costOut = toPlainString({ coef: cout.coef * BigInt(requests * output), scale: cout.scale + 6 });
  return {
    requests,
    cost: toPlainString(add(d(costIn), d(costOut))),
    tokens: { input: requests * input, cacheRead: 0, cacheWrite: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: requests * output, reasoning: 0 },
    costByBucket: { input: costIn, cacheRead: '0', cacheWrite5m: '0', cacheWrite1h: '0', output: costOut },
  };
}

const parts = (x: { volume: Decimal; mix: Decimal; price: Decimal }) => ({ volume: s(x.volume), mix: s(x.mix), price: s(x.price) });

describe('volume, mix and price', () => {
  // README, "CI cost-regression gate": the worked example, number for number.
  it('the README example: 80 mini + 20 gpt-4o → 75 + 75, gpt-4o 20% cheaper', () => {
    const mini = { before: line(80, 1000, 100, '0.15', '0.6'), after: line(75, 1000, 100, '0.15', '0.6') };
    const gpt4o = { before: line(20, 1000, 100, '2.5', '10'), after: line(75, 1000, 100, '2', '8') };
    const [m, o] = splitGroups([mini, gpt4o]);
    expect(parts(m!)).toEqual({ volume: '0.0084', mix: '-0.00945', price: '0' });
    expect(parts(o!)).toEqual({ volume: '0.035', mix: '0.1575', price: '-0.0525' });
    expect(parts(splitTotal(d('0.13895'), [m!, o!]))).toEqual({ volume: '0.0434', mix: '0.14805', price: '-0.0525' });
  });

  it('moving 50 of 100 requests from gpt-4o-mini to gpt-4o at unchanged prices is all mix, in the total and in every group', () => {
    const mini = { before: line(100, 1000, 100, '0.15', '0.6'), after: line(50, 1000, 100, '0.15', '0.6') };
    const gpt4o = { after: line(50, 1000, 100, '2.5', '10') };
    const groups = splitGroups([mini, gpt4o]);
    expect(groups.map(parts)).toEqual([
      { volume: '0', mix: '-0.0105', price: '0' },
      { volume: '0', mix: '0.175', price: '0' },
    ]);
    expect(parts(splitTotal(d('0.1645'), groups))).toEqual({ volume: '0', mix: '0.1645', price: '0' });
  });

  it('more tokens per request at the same prices is volume, not price', () => {
    const [g] = splitGroups([{ before: line(10, 1000, 100, '1', '4'), after: line(10, 2000, 100, '1', '4') }]);
    expect(parts(g!)).toEqual({ volume: '0.01', mix: '0', price: '0' });
  });

  it('a baseline with no requests in the currency: all volume', () => {
    const [g] = splitGroups([{ after: line(3, 1000, 0, '1', '1') }]);
    expect(parts(g!)).toEqual({ volume: '0.003', mix: '0', price: '0' });
  });

  it('a removed group: volume and mix add up to minus its baseline cost', () => {
    const [a, b] = splitGroups([{ before: line(10, 1000, 0, '1', '1') }, { before: line(10, 1000, 0, '3', '1'), after: line(20, 1000, 0, '3', '1') }]);
    // N₁/N₀ = 1: no volume; the 10 requests of the removed group moved.
    expect(parts(a!)).toEqual({ volume: '0', mix: '-0.01', price: '0' });
    expect(parts(b!)).toEqual({ volume: '0', mix: '0.03', price: '0' });
  });

  it('property: on every line volume + mix + price = delta, and the groups add up to the total exactly', () => {
    const side = fc.option(fc.record({ n: fc.integer({ min: 1, max: 5000 }), input: fc.integer({ min: 0, max: 9000 }), output: fc.integer({ min: 0, max: 3000 }), inRate: fc.constantFrom('0.15', '1.1', '2.5', '0.07'), outRate: fc.constantFrom('0.6', '4.4', '10', '0.28') }), { nil: undefined });
    const pair = fc.record({ before: side, after: side });
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 6 }), (pairs) => {
        const lines = pairs.map((p) => ({ before: p.before && line(p.before.n, p.before.input, p.before.output, p.before.inRate, p.before.outRate), after: p.after && line(p.after.n, p.after.input, p.after.output, p.after.inRate, p.after.outRate) }));
        const groups = splitGroups(lines);
        const deltas = lines.map((l) => add(d(l.after?.cost ?? '0'), { coef: -d(l.before?.cost ?? '0').coef, scale: d(l.before?.cost ?? '0').scale }));
        groups.forEach((g, i) => expect(s(sum([g.volume, g.mix, g.price]))).toBe(s(deltas[i]!)));
        const total = splitTotal(sum(deltas), groups);
        expect(s(total.volume)).toBe(s(sum(groups.map((g) => g.volume))));
        expect(s(total.mix)).toBe(s(sum(groups.map((g) => g.mix))));
        expect(s(total.price)).toBe(s(sum(groups.map((g) => g.price))));
      }),
    );
  });
});
