import { describe, expect, it } from 'vitest';
import { toPlainString } from '../core/money.ts';
import { emptyBuckets, type TokenBuckets } from '../core/types.ts';
import { isPriced, type NoPrice, type PricePoint, type PriceRequest } from './catalog.ts';
import { loadCatalogue } from './load.ts';

const catalogue = loadCatalogue(['fixtures/pricing/frozen']);
const ms = (iso: string) => Date.parse(iso);

function tokens(partial: Partial<TokenBuckets>): TokenBuckets {
  return { ...emptyBuckets(), ...partial };
}

function request(at: string, partial: Partial<TokenBuckets> = {}, extra: Partial<PriceRequest> = {}): PriceRequest {
  return { tokens: tokens(partial), requestTime: ms(at), ...extra };
}

function priced(result: PricePoint | NoPrice): PricePoint {
  if (!isPriced(result)) throw new Error(`expected a price, got ${result.reason}: ${result.detail}`);
  return result;
}

function rates(id: string, at: string, extra: Partial<PriceRequest> = {}, partial: Partial<TokenBuckets> = {}) {
  const point = priced(catalogue.price(id, ms(at), request(at, partial, extra)));
  return {
    currency: point.currency,
    input: toPlainString(point.rates.input),
    cacheRead: point.rates.cacheRead && toPlainString(point.rates.cacheRead),
    output: toPlainString(point.rates.output),
    tier: point.tierIndex,
    window: point.window,
  };
}

describe('price versions by time', () => {
  it('switches exactly at a version that starts at 16:00 UTC', () => {
    expect(rates('deepseek-chat', '2025-09-05T15:59:59.999Z')).toMatchObject({ input: '0.27', output: '1.1' });
    expect(rates('deepseek-chat', '2025-09-05T16:00:00.000Z')).toMatchObject({ input: '0.56', output: '1.68' });
  });

  it('switches at midnight UTC for a date-only version (the seed price cut)', () => {
    expect(rates('deepseek-chat', '2025-09-28T23:59:59.999Z')).toMatchObject({ input: '0.56', cacheRead: '0.07', output: '1.68' });
    expect(rates('deepseek-chat', '2025-09-29T00:00:00.000Z')).toMatchObject({ input: '0.28', cacheRead: '0.028', output: '0.42' });
  });

  it('is unpriced before the first version, never 0', () => {
    const result = catalogue.price('deepseek-chat', ms('2025-02-08T15:59:59Z'), request('2025-02-08T15:59:59Z'));
    expect(isPriced(result)).toBe(false);
    expect((result as NoPrice).reason).toBe('not-yet-priced');
  });

  it('keeps price books apart by region, each in its own currency', () => {
    expect(rates('deepseek-chat', '2025-09-30T00:00:00Z')).toMatchObject({ currency: 'USD', output: '0.42' });
    expect(rates('deepseek-chat', '2025-09-30T00:00:00Z', { region: 'cn' })).toMatchObject({ currency: 'CNY', input: '2', output: '3' });
    expect(rates('deepseek-chat', '2025-09-28T00:00:00Z', { region: 'cn' })).toMatchObject({ currency: 'CNY', output: '12', cacheRead: undefined });
    // An unknown book falls back to the default one rather than failing.
    expect(rates('deepseek-chat', '2025-09-30T00:00:00Z', { region: 'mars' })).toMatchObject({ currency: 'USD' });
  });
});

describe('time-of-day windows', () => {
  it('applies the off-peak window from 16:30 to 00:30 UTC, wrapping midnight', () => {
    expect(rates('deepseek-chat', '2025-03-01T16:29:59Z')).toMatchObject({ input: '0.27', window: undefined });
    expect(rates('deepseek-chat', '2025-03-01T16:30:00Z')).toMatchObject({ input: '0.135', window: 'off-peak' });
    expect(rates('deepseek-chat', '2025-03-01T17:00:00Z')).toMatchObject({ output: '0.55', window: 'off-peak' });
    expect(rates('deepseek-chat', '2025-03-02T00:29:59Z')).toMatchObject({ window: 'off-peak' });
    expect(rates('deepseek-chat', '2025-03-02T00:30:00Z')).toMatchObject({ input: '0.27', window: undefined });
    expect(rates('deepseek-chat', '2025-03-01T09:00:00Z')).toMatchObject({ input: '0.27', window: undefined });
  });
});

describe('tiers by input length', () => {
  const at = '2025-10-01T00:00:00Z';
  it('bills the whole request at the tier its input falls into, limits inclusive', () => {
    expect(rates('qwen3-max', at, {}, { input: 32768 })).toMatchObject({ tier: 0, input: '1.2', output: '6' });
    expect(rates('qwen3-max', at, {}, { input: 32769 })).toMatchObject({ tier: 1, input: '2.4', output: '12' });
    expect(rates('qwen3-max', at, {}, { input: 100_000 })).toMatchObject({ tier: 1 });
    expect(rates('qwen3-max', at, {}, { input: 131072 })).toMatchObject({ tier: 1 });
    expect(rates('qwen3-max', at, {}, { input: 131073 })).toMatchObject({ tier: 2, input: '3', output: '15' });
    expect(rates('qwen3-max', at, {}, { input: 258048 })).toMatchObject({ tier: 2 });
  });

  it('counts cached and cache-write tokens into the input length', () => {
    expect(rates('qwen3-max', at, {}, { input: 30000, cacheRead: 2000, cacheWrite5m: 769 })).toMatchObject({ tier: 1 });
  });

  it('is unpriced beyond the last tier', () => {
    const result = catalogue.price('qwen3-max', ms(at), request(at, { input: 258049 }));
    expect((result as NoPrice).reason).toBe('beyond-tiers');
  });
});

describe('model matching', () => {
  it('moves the gpt-4o alias on 2024-10-02', () => {
    expect(catalogue.resolveModel('gpt-4o', ms('2024-10-01T23:59:59Z'))?.model.id).toBe('gpt-4o-2024-05-13');
    expect(catalogue.resolveModel('gpt-4o', ms('2024-10-02T00:00:00Z'))?.model.id).toBe('gpt-4o-2024-08-06');
    expect(rates('gpt-4o', '2024-09-01T00:00:00Z')).toMatchObject({ input: '5', output: '15' });
    expect(rates('gpt-4o', '2024-11-01T00:00:00Z')).toMatchObject({ input: '2.5', cacheRead: '1.25', output: '10' });
  });

  it('resolves dated snapshots through the declared pattern only', () => {
    expect(catalogue.resolveModel('o3-mini-2025-01-31', ms('2025-06-01T00:00:00Z'))).toMatchObject({ via: 'snapshot', model: { id: 'o3-mini' } });
    expect(catalogue.resolveModel('claude-sonnet-4-5', ms('2025-10-01T00:00:00Z'))).toMatchObject({ via: 'alias' });
    // No substring or prefix guessing.
    expect(catalogue.resolveModel('gpt-5-turbo', ms('2025-10-01T00:00:00Z'))).toBeUndefined();
    expect(catalogue.resolveModel('openai/gpt-5', ms('2025-10-01T00:00:00Z'))).toBeUndefined();
    expect(catalogue.resolveModel('deepseek-chat-2025-01-01', ms('2025-10-01T00:00:00Z'))).toBeUndefined();
  });

  it('reports an unknown model as unpriced', () => {
    const result = catalogue.price('mystery-model', ms('2025-10-01T00:00:00Z'), request('2025-10-01T00:00:00Z'));
    expect(result).toMatchObject({ reason: 'unknown-model' });
  });

  it('keeps an explicit price of 0 as a price (free), not as unpriced', () => {
    expect(rates('free-model', '2025-01-01T00:00:00Z')).toMatchObject({ input: '0', output: '0' });
  });
});

describe('service tiers', () => {
  const at = '2025-10-01T00:00:00Z';
  it('applies a batch multiplier to every rate exactly', () => {
    expect(rates('gpt-5', at, { serviceTier: 'batch' })).toMatchObject({ input: '0.625', cacheRead: '0.0625', output: '5' });
  });
  it('uses a full flex rate set', () => {
    expect(rates('gpt-5', at, { serviceTier: 'flex' })).toMatchObject({ input: '0.625', output: '5' });
  });
  it('is unpriced when the tier has no price, rather than guessing', () => {
    const result = catalogue.price('gpt-5', ms(at), request(at, {}, { serviceTier: 'priority' }));
    expect(result).toMatchObject({ reason: 'no-service-tier-price' });
  });
});
