// The shipped catalogue: valid, and it reproduces the seed's dated figures.
import { describe, expect, it } from 'vitest';
import { toPlainString } from '../src/core/money.ts';
import { emptyBuckets } from '../src/core/types.ts';
import { isPriced } from '../src/pricing/catalog.ts';
import { loadPricing } from '../src/pricing/load.ts';

const { catalogue, problems } = loadPricing(['pricing']);

function ratesAt(model: string, iso: string, region?: string) {
  const at = Date.parse(iso);
  const point = catalogue?.price(model, at, { tokens: emptyBuckets(), requestTime: at, region });
  if (!point || !isPriced(point)) throw new Error(`${model} unpriced at ${iso}: ${point?.detail}`);
  const r = point.rates;
  return { currency: point.currency, input: toPlainString(r.input), cacheRead: r.cacheRead && toPlainString(r.cacheRead), output: toPlainString(r.output) };
}

describe('shipped pricing data', () => {
  it('validates with no problems', () => {
    expect(problems).toEqual([]);
    expect(catalogue?.models.length).toBeGreaterThanOrEqual(80);
  });

  it('has a source, a checked date and a confidence on every version', () => {
    for (const model of catalogue?.models ?? []) {
      for (const v of model.prices) {
        expect(v.source.length, `${model.id} ${v.effectiveFromText}`).toBeGreaterThan(5);
        expect(v.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('reproduces the DeepSeek price cut of 2025-09-29 (USD book)', () => {
    expect(ratesAt('deepseek-chat', '2025-09-28T12:00:00Z')).toEqual({ currency: 'USD', input: '0.56', cacheRead: '0.07', output: '1.68' });
    expect(ratesAt('deepseek-chat', '2025-09-30T12:00:00Z')).toEqual({ currency: 'USD', input: '0.28', cacheRead: '0.028', output: '0.42' });
    expect(ratesAt('deepseek-reasoner', '2025-09-30T12:00:00Z')).toMatchObject({ input: '0.28', output: '0.42' });
  });

  it('keeps the CNY book apart: deepseek-chat output ¥12 before the cut and ¥3 after', () => {
    expect(ratesAt('deepseek-chat', '2025-09-28T12:00:00Z', 'cn')).toMatchObject({ currency: 'CNY', output: '12' });
    expect(ratesAt('deepseek-chat', '2025-09-30T12:00:00Z', 'cn')).toMatchObject({ currency: 'CNY', input: '2', cacheRead: '0.2', output: '3' });
  });

  it('moves the gpt-4o alias on 2024-10-02 and cuts o3 on 2025-06-10', () => {
    expect(ratesAt('gpt-4o', '2024-10-01T12:00:00Z')).toMatchObject({ input: '5', output: '15' });
    expect(ratesAt('gpt-4o', '2024-10-02T12:00:00Z')).toMatchObject({ input: '2.5', cacheRead: '1.25', output: '10' });
    expect(ratesAt('o3', '2025-06-09T12:00:00Z')).toMatchObject({ input: '10', output: '40' });
    expect(ratesAt('o3', '2025-06-10T12:00:00Z')).toMatchObject({ input: '2', cacheRead: '0.5', output: '8' });
  });

  it('prices qwen3-max by input tier in USD', () => {
    const at = Date.parse('2025-10-01T00:00:00Z');
    const tierOf = (input: number) => {
      const p = catalogue?.price('qwen3-max', at, { tokens: { ...emptyBuckets(), input }, requestTime: at });
      return p && isPriced(p) ? [p.tierIndex, toPlainString(p.rates.input), toPlainString(p.rates.output)] : p?.reason;
    };
    expect(tierOf(1000)).toEqual([0, '1.2', '6']);
    expect(tierOf(100_000)).toEqual([1, '2.4', '12']);
    expect(tierOf(200_000)).toEqual([2, '3', '15']);
  });
});
