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
    expect(catalogue?.models.length).toBeGreaterThanOrEqual(250);
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

function priceAt(model: string, iso: string, extra: { region?: string; input?: number; cacheRead?: number; output?: number } = {}) {
  const at = Date.parse(iso);
  const { region, ...tokens } = extra;
  return catalogue?.price(model, at, { tokens: { ...emptyBuckets(), ...tokens }, requestTime: at, region });
}

describe('shipped pricing data: time windows, history ends, and the issue-3 figures', () => {
  it('bills deepseek-chat off-peak at 17:00 UTC and standard at 09:00 UTC on 2025-03-01 (V3 −50%, R1 −75%)', () => {
    const offPeak = priceAt('deepseek-chat', '2025-03-01T17:00:00Z');
    const standard = priceAt('deepseek-chat', '2025-03-01T09:00:00Z');
    expect(offPeak && isPriced(offPeak) && [offPeak.window, toPlainString(offPeak.rates.input), toPlainString(offPeak.rates.output)]).toEqual(['off-peak', '0.135', '0.55']);
    expect(standard && isPriced(standard) && [standard.window, toPlainString(standard.rates.input), toPlainString(standard.rates.output)]).toEqual([undefined, '0.27', '1.1']);
    // The CNY book shows the exact halves and quarters: V3 ¥2/¥8 → ¥1/¥4, R1 ¥4/¥16 → ¥1/¥4.
    const v3 = priceAt('deepseek-chat', '2025-03-01T17:00:00Z', { region: 'cn' });
    const r1 = priceAt('deepseek-reasoner', '2025-03-01T17:00:00Z', { region: 'cn' });
    expect(v3 && isPriced(v3) && toPlainString(v3.rates.output)).toBe('4');
    expect(r1 && isPriced(r1) && [toPlainString(r1.rates.input), toPlainString(r1.rates.output)]).toEqual(['1', '4']);
  });

  it('has no off-peak window after the V3.1 price of 2025-09-05 16:00 UTC', () => {
    const p = priceAt('deepseek-chat', '2025-09-10T17:00:00Z');
    expect(p && isPriced(p) && [p.window, toPlainString(p.rates.input)]).toEqual([undefined, '0.56']);
  });

  it('ends deepseek-chat at its retirement (2026-07-24 16:00 UTC) with a reason, instead of a stale price', () => {
    expect(ratesAt('deepseek-chat', '2026-07-24T15:59:00Z')).toMatchObject({ input: '0.14', cacheRead: '0.0028' });
    expect(priceAt('deepseek-chat', '2026-07-24T16:00:00Z')).toMatchObject({ reason: 'history-ended', detail: expect.stringMatching(/price history ends at 2026-07-24T16:00:00Z/) });
  });

  // The issue-11 figures: V4-Flash peak on a Monday, off-peak on a Saturday and on a public holiday.
  it('prices DeepSeek V4-Flash at peak on Monday 02:00 UTC, off-peak on Saturday and on National Day', () => {
    const cost = (iso: string) => {
      const p = priceAt('deepseek-v4-flash', iso, { input: 1_000_000, cacheRead: 1_000_000, output: 1_000_000 });
      if (!p || !isPriced(p)) throw new Error(`unpriced at ${iso}`);
      return { window: p.window ?? null, input: toPlainString(p.rates.input), cacheRead: p.rates.cacheRead && toPlainString(p.rates.cacheRead), output: toPlainString(p.rates.output) };
    };
    // From 2026-09-10 04:00 UTC deepseek-v4-flash is served and billed as V4.1 Flash (see the version's notes).
    expect(cost('2026-11-30T02:00:00Z')).toEqual({ window: 'peak', input: '0.3', cacheRead: '0.006', output: '1.2' });
    expect(cost('2026-11-28T02:00:00Z')).toEqual({ window: null, input: '0.15', cacheRead: '0.003', output: '0.6' });
    expect(cost('2026-10-01T02:00:00Z')).toEqual({ window: null, input: '0.15', cacheRead: '0.003', output: '0.6' });
    // Before V4.1: the V4-Flash peak and off-peak list prices of 2026-08-16.
    expect(cost('2026-08-24T02:00:00Z')).toEqual({ window: 'peak', input: '0.44', cacheRead: '0.014', output: '1.32' });
    expect(cost('2026-08-23T02:00:00Z')).toEqual({ window: null, input: '0.22', cacheRead: '0.007', output: '0.66' });
  });

  // Issue 11 expected the announced rise to $3/$15 on 2026-09-01 (genai-prices, snapshot 2026-08-21);
  // every source read after that date that quotes Anthropic's pricing page says it was cancelled.
  it('prices claude-sonnet-5 at $2/$10 before and after 2026-09-01 (the announced rise was cancelled)', () => {
    expect(ratesAt('claude-sonnet-5', '2026-08-31T12:00:00Z')).toMatchObject({ input: '2', cacheRead: '0.2', output: '10' });
    expect(ratesAt('claude-sonnet-5', '2026-09-01T12:00:00Z')).toMatchObject({ input: '2', cacheRead: '0.2', output: '10' });
  });

  it('bills a 100K-input qwen3-max request at the 32K–128K tier', () => {
    const p = priceAt('qwen3-max', '2025-10-01T00:00:00Z', { input: 100_000 });
    expect(p && isPriced(p) && [p.tierIndex, toPlainString(p.rates.input), toPlainString(p.rates.output)]).toEqual([1, '2.4', '12']);
  });
});

describe('shipped matching rules', () => {
  const at = Date.parse('2025-10-01T00:00:00Z');
  it.each([
    ['openai/gpt-4o', 'gpt-4o-2024-08-06'],
    ['openrouter/openai/gpt-5', 'gpt-5'],
    ['openai/gpt-5-2025-08-07', 'gpt-5'],
    ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
    ['openrouter/anthropic/claude-opus-4-1', 'claude-opus-4-1-20250805'],
    ['anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4-20250514'],
    ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'claude-3-7-sonnet-20250219'],
    ['bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet-20241022'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['claude-sonnet-4@20250514', 'claude-sonnet-4-20250514'],
    ['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet-20241022'],
    ['vertex_ai/claude-opus-4-1@20250805', 'claude-opus-4-1-20250805'],
    ['gemini/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['deepseek/deepseek-chat', 'deepseek-chat'],
    ['dashscope/qwen3-max', 'qwen3-max'],
    ['x-ai/grok-4', 'grok-4-0709'],
  ])('%s → %s', (id, model) => {
    expect(catalogue?.resolveModel(id, at)?.model.id).toBe(model);
  });

  it('prices a regional Bedrock id of Sonnet 4.5 at the regional premium, as its own model', () => {
    expect(catalogue?.resolveModel('us.anthropic.claude-sonnet-4-5-20250929-v1:0', at)?.model.id).toBe('claude-sonnet-4-5@aws-regional');
    expect(catalogue?.resolveModel('global.anthropic.claude-sonnet-4-5-20250929-v1:0', at)?.model.id).toBe('claude-sonnet-4-5-20250929');
  });

  it('leaves ids whose price the id cannot tell unpriced (Sonnet 4.5 on any Vertex endpoint)', () => {
    expect(catalogue?.resolveModel('claude-sonnet-4-5@20250929', at)).toBeUndefined();
    expect(catalogue?.resolveModel('openrouter/deepseek/deepseek-chat', at)).toBeUndefined();
  });

  it('suggests the nearest known ids for an unknown one', () => {
    expect(catalogue?.suggest('claude-sonnet-4.5')).toContain('claude-sonnet-4-5');
    expect(catalogue?.suggest('gpt4o')[0]).toBe('gpt-4o');
    expect(catalogue?.suggest('totally-unknown-model-xyz')).toEqual([]);
  });
});
