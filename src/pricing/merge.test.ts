// Overrides (--pricing): the negotiated-discount scenario of issue 3, merge mode, private models,
// and the same validation and errors as the base catalogue.
import { describe, expect, it } from 'vitest';
import { costOf, sum, toPlainString } from '../core/money.ts';
import { emptyBuckets, type TokenBuckets } from '../core/types.ts';
import { isPriced, type Catalogue } from './catalog.ts';
import { loadCatalogue, loadPricing } from './load.ts';

const FROZEN = 'fixtures/pricing/frozen';
const OVERRIDES = 'fixtures/pricing/overrides';

/** A small log: model, time, tokens. */
const rows: [string, string, Partial<TokenBuckets>][] = [
  ['gpt-5', '2025-10-01T00:00:00Z', { input: 800, cacheRead: 200, output: 500 }],
  ['gpt-5-2025-08-07', '2025-10-02T00:00:00Z', { input: 1000, output: 100 }],
  ['gpt-4o', '2024-11-01T00:00:00Z', { input: 1000, output: 1000 }],
  ['o3-mini', '2025-06-01T00:00:00Z', { input: 5000, cacheRead: 1000, output: 2000 }],
  ['deepseek-chat', '2025-09-30T12:00:00Z', { input: 1000, cacheRead: 1000, output: 1000 }],
  ['qwen3-max', '2025-10-01T00:00:00Z', { input: 100_000, output: 1000 }],
  ['claude-sonnet-4-5', '2025-10-01T00:00:00Z', { input: 1000, cacheWrite5m: 1000, output: 1000 }],
];

/** Cost of each row, as exact strings (input + cache read + output only, enough to compare). */
function costs(catalogue: Catalogue): string[] {
  return rows.map(([model, iso, partial]) => {
    const at = Date.parse(iso);
    const tokens = { ...emptyBuckets(), ...partial };
    const point = catalogue.price(model, at, { tokens, requestTime: at });
    if (!isPriced(point)) return `unpriced: ${point.detail}`;
    const r = point.rates;
    const total = sum([costOf(tokens.input, r.input), costOf(tokens.cacheRead, r.cacheRead ?? r.input), costOf(tokens.output, r.output)]);
    return `${point.currency} ${toPlainString(total)}`;
  });
}

describe('overrides', () => {
  const base = loadCatalogue([FROZEN]);
  const discounted = loadCatalogue([FROZEN], [`${OVERRIDES}/gpt5-discount.json`]);

  it('a 20% negotiated discount on gpt-5 changes exactly the gpt-5 rows, by exactly 20%', () => {
    const before = costs(base);
    const after = costs(discounted);
    const changed = rows.map(([model], i) => (before[i] === after[i] ? null : model)).filter((m) => m !== null);
    expect(changed).toEqual(['gpt-5', 'gpt-5-2025-08-07']);
    // 800 × 1.25 + 200 × 0.125 + 500 × 10 per million = 0.006025; at 80%: 0.00482
    expect([before[0], after[0]]).toEqual(['USD 0.006025', 'USD 0.00482']);
    expect([before[1], after[1]]).toEqual(['USD 0.00225', 'USD 0.0018']);
  });

  it('keeps the base aliases and the rest of the model, and records the override file', () => {
    const at = Date.parse('2025-10-01T00:00:00Z');
    expect(discounted.resolveModel('gpt-5-2025-08-07', at)?.model.id).toBe('gpt-5');
    expect(discounted.overrideFiles).toEqual(['fixtures/pricing/overrides/gpt5-discount.json']);
    expect(discounted.fileNames).toContain('fixtures/pricing/overrides/gpt5-discount.json');
    const batch = discounted.price('gpt-5', at, { tokens: emptyBuckets(), requestTime: at, serviceTier: 'batch' });
    expect(isPriced(batch) && toPlainString(batch.rates.input)).toBe('0.5');
  });

  it('changes the catalogue hash', () => {
    expect(discounted.hash).not.toBe(base.hash);
    expect(loadCatalogue([FROZEN], [`${OVERRIDES}/gpt5-discount.json`]).hash).toBe(discounted.hash);
    // The same file as base data or as an override is a different catalogue.
    expect(loadCatalogue([FROZEN, `${OVERRIDES}/private-deployment.json`]).hash).not.toBe(loadCatalogue([FROZEN], [`${OVERRIDES}/private-deployment.json`]).hash);
  });

  it('merge mode adds a dated version and keeps the list price before it', () => {
    const merged = loadCatalogue([FROZEN], [`${OVERRIDES}/gpt5-contract-merge.json`]);
    const inputAt = (iso: string) => {
      const at = Date.parse(iso);
      const p = merged.price('gpt-5', at, { tokens: emptyBuckets(), requestTime: at });
      return isPriced(p) ? [p.version.effectiveFromText, toPlainString(p.rates.input), p.version.at.file] : p.detail;
    };
    expect(inputAt('2025-10-31T23:59:59Z')).toEqual(['2025-08-07', '1.25', 'fixtures/pricing/frozen/openai.json']);
    expect(inputAt('2025-11-01T00:00:00Z')).toEqual(['2025-11-01', '1', 'fixtures/pricing/overrides/gpt5-contract-merge.json']);
  });

  it('adds private models under a new provider, with its own prefixes', () => {
    const cat = loadCatalogue([FROZEN], [OVERRIDES + '/private-deployment.json']);
    const at = Date.parse('2025-07-01T00:00:00Z');
    expect(cat.resolveModel('acme/acme-qwen3-32b', at)?.model.provider).toBe('acme');
    expect(cat.resolveModel('ft:qwen3-32b:acme:support', at)?.model.id).toBe('acme-qwen3-32b');
  });

  it('validates overrides with the same schema and errors, and refuses to move a model to another provider', () => {
    expect(loadPricing([FROZEN], ['fixtures/pricing/invalid/number-rate.json']).problems.map((p) => `${p.file}: ${p.path}: ${p.message}`)).toEqual([
      'fixtures/pricing/invalid/number-rate.json: $.models[0].prices[0].output: expected a decimal string per million tokens such as "0.28", found number 2 (write it as a string: "2")',
    ]);
    expect(loadPricing([FROZEN], [`${OVERRIDES}/wrong-provider.json`]).problems.map((p) => `${p.file}: ${p.path}: ${p.message}`)).toEqual([
      'fixtures/pricing/overrides/wrong-provider.json: $.models[0]: model "gpt-5" belongs to provider "openai" (fixtures/pricing/frozen/openai.json); an override of it must say "provider": "openai"',
    ]);
  });

  it('allows "mode" only in override files', () => {
    const { problems } = loadPricing([`${OVERRIDES}/gpt5-discount.json`]);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['$.mode: unknown field: "mode" is only allowed in override files passed with --pricing']);
  });
});
