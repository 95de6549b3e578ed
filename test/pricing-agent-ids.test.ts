// The model ids coding agents write in their logs, read against the shipped catalogue: each id an
// agent spells its own way resolves to the provider's model and to the very price version that model's
// own id gets at that instant (the same data, not a copied price).
import { describe, expect, it } from 'vitest';
import { toPlainString } from '../src/core/money.ts';
import { emptyBuckets } from '../src/core/types.ts';
import { isPriced, type PricePoint } from '../src/pricing/catalog.ts';
import { loadPricing } from '../src/pricing/load.ts';

const { catalogue } = loadPricing(['pricing']);

function priceOf(id: string, iso: string, region?: string) {
  const at = Date.parse(iso);
  return catalogue?.price(id, at, { tokens: emptyBuckets(), requestTime: at, region });
}

function priced(id: string, iso: string, region?: string): PricePoint {
  const point = priceOf(id, iso, region);
  if (!point || !isPriced(point)) throw new Error(`${id} unpriced at ${iso}: ${point?.detail}`);
  return point;
}

describe('GitHub Copilot CLI model ids (dotted versions)', () => {
  // https://docs.github.com/en/copilot/reference/ai-models/supported-models; models.dev
  // providers/github-copilot/models/*.toml (base_model anthropic/claude-…).
  it.each([
    ['claude-sonnet-4.5', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', '2026-04-11T19:16:40Z'],
    ['claude-haiku-4.5', 'claude-haiku-4-5', 'claude-haiku-4-5-20251001', '2026-04-11T19:50:00Z'],
    ['claude-opus-4.5', 'claude-opus-4-5', 'claude-opus-4-5-20251101', '2026-01-15T00:00:00Z'],
    ['claude-opus-4.1', 'claude-opus-4-1', 'claude-opus-4-1-20250805', '2025-10-01T00:00:00Z'],
    ['claude-sonnet-4.6', 'claude-sonnet-4-6', 'claude-sonnet-4-6', '2026-06-01T00:00:00Z'],
    ['claude-opus-4.6', 'claude-opus-4-6', 'claude-opus-4-6', '2026-06-01T00:00:00Z'],
    ['claude-3.7-sonnet', 'claude-3-7-sonnet-latest', 'claude-3-7-sonnet-20250219', '2025-06-01T00:00:00Z'],
    ['claude-3.5-sonnet', 'claude-3-5-sonnet-latest', 'claude-3-5-sonnet-20241022', '2025-03-01T00:00:00Z'],
  ])('%s is %s (%s), priced with the same version', (logged, anthropicId, model, iso) => {
    const point = priced(logged, iso);
    expect(point.model.id).toBe(model);
    expect(point.version).toBe(priced(anthropicId, iso).version);
    expect(catalogue?.resolveModel(logged, Date.parse(iso))?.via).toBe('pattern');
  });

  it('follows the model across its dated versions, and is unpriced before it exists, as the Anthropic id is', () => {
    // Claude Opus 4.5's price does not change; Sonnet 4.5's long-context tier ends 2026-04-30 (a new version).
    const before = priceOf('claude-sonnet-4.5', '2025-09-01T00:00:00Z');
    expect(before && !isPriced(before) && before.reason).toBe('not-yet-priced');
    expect(priceOf('claude-sonnet-4-5', '2025-09-01T00:00:00Z')).toMatchObject({ reason: 'not-yet-priced' });
    for (const iso of ['2025-10-01T00:00:00Z', '2026-06-01T00:00:00Z']) {
      expect(priced('claude-sonnet-4.5', iso).version).toBe(priced('claude-sonnet-4-5-20250929', iso).version);
    }
  });

  it('prices the Copilot ids that are already the providers\' own ids, and leaves suffixed variants unpriced', () => {
    for (const id of ['claude-sonnet-4', 'gpt-5.1-codex', 'gpt-5-mini', 'gpt-4.1', 'gemini-2.5-pro', 'gemini-3-pro-preview', 'grok-code-fast-1']) {
      expect(isPriced(priceOf(id, '2025-12-01T00:00:00Z') ?? { reason: 'unknown-model', detail: '' }), id).toBe(true);
    }
    // Fast mode is a 6x service tier at Anthropic, and the thinking variant is not an Anthropic id.
    expect(catalogue?.resolveModel('claude-opus-4.6-fast', Date.parse('2026-06-01T00:00:00Z'))).toBeUndefined();
    expect(catalogue?.resolveModel('claude-3.7-sonnet-thought', Date.parse('2025-06-01T00:00:00Z'))).toBeUndefined();
    // Only the Anthropic families: another provider's dotted id is not rewritten by this rule.
    expect(catalogue?.resolveModel('claude-instant-1.2', Date.parse('2024-01-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('Kimi Code model ids (k2p5, k2p6, k2p7)', () => {
  // anomalyco/models.dev providers/kimi-for-coding/models/k2p5|k2p6|k2p7.toml: one model each.
  it.each([
    ['k2p5', 'kimi-k2.5', '2026-03-01T00:00:00Z', '2026-01-26T00:00:00Z'],
    ['k2p6', 'kimi-k2.6', '2026-05-01T00:00:00Z', '2026-04-19T00:00:00Z'],
    ['k2p7', 'kimi-k2.7-code', '2026-07-01T00:00:00Z', '2026-06-11T00:00:00Z'],
  ])('%s is %s, in both price books, and unpriced before the model launched', (logged, model, iso, before) => {
    for (const region of ['intl', 'cn']) {
      const point = priced(logged, iso, region);
      expect(point.model.id).toBe(model);
      expect(point.version).toBe(priced(model, iso, region).version);
    }
    expect(priced(logged, iso).currency).toBe('USD');
    expect(priceOf(logged, before)).toMatchObject({ reason: 'not-yet-priced' });
  });

  it('prices k2p6 at Kimi K2.6\'s list price (USD book by default)', () => {
    const point = priced('k2p6', '2026-05-20T04:00:00Z');
    expect([point.rates.input, point.rates.cacheRead, point.rates.output].map((r) => r && toPlainString(r))).toEqual(['0.95', '0.16', '4']);
  });

  it('records the K2 family\'s retirement on 2026-05-25 and K2.5\'s on 2026-08-31 (informational: still priced)', () => {
    for (const id of ['kimi-k2-0711-preview', 'kimi-k2-0905-preview', 'kimi-k2-turbo-preview', 'kimi-k2-thinking', 'kimi-k2-thinking-turbo']) {
      expect(catalogue?.model(id)?.retired, id).toBe('2026-05-25');
    }
    expect(catalogue?.model('kimi-k2.5')?.retired).toBe('2026-08-31');
    expect(priced('kimi-k2-0905-preview', '2026-06-01T00:00:00Z').model.id).toBe('kimi-k2-0905-preview');
  });
});
