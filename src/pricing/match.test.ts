// Matching rules declared in the data (prefixes, id patterns), the end of a price history, and
// suggestions for unknown ids. Engine behaviour on small inline files; the shipped rules are
// tested in test/pricing-data.test.ts.
import { describe, expect, it } from 'vitest';
import { emptyBuckets } from '../core/types.ts';
import { Catalogue, isPriced } from './catalog.ts';
import { validatePricingFile } from './schema.ts';
import { editDistance, nearest } from './suggest.ts';

const version = { effective_from: '2025-01-01', currency: 'USD', input: '1', output: '2', source: 'https://example.com/pricing; other', checked: '2026-11-28', confidence: 'high' };

function catalogue(...files: unknown[]): Catalogue {
  const parsed = files.map((data, i) => {
    const { value, problems } = validatePricingFile(`f${i}.json`, data);
    if (problems.length > 0) throw new Error(JSON.stringify(problems));
    return value;
  });
  const cat = new Catalogue(parsed.filter((f) => f !== undefined), 'h', []);
  if (cat.problems.length > 0) throw new Error(JSON.stringify(cat.problems));
  return cat;
}

const anthropic = {
  provider: 'anthropic',
  prefixes: ['anthropic/', 'openrouter/anthropic/'],
  id_patterns: [
    { match: '^(?:bedrock/)?(?:(?:us|eu)\\.)?anthropic\\.(claude-[a-z0-9-]+-\\d{8})-v\\d+(?::\\d+)?$', to: '$1' },
    { match: '^(claude-[a-z0-9-]+)@(\\d{8})$', to: '$1-$2' },
  ],
  models: [{ id: 'claude-sonnet-4-20250514', aliases: ['claude-sonnet-4'], prices: [version] }],
};
const openai = {
  provider: 'openai',
  prefixes: ['openai/'],
  snapshot_patterns: ['^(.+)-\\d{4}-\\d{2}-\\d{2}$'],
  models: [
    { id: 'gpt-4o-2024-05-13', aliases: [{ id: 'gpt-4o', until: '2024-10-02' }], prices: [{ ...version, effective_from: '2024-05-13' }] },
    { id: 'gpt-4o-2024-08-06', aliases: [{ id: 'gpt-4o', from: '2024-10-02' }], prices: [{ ...version, effective_from: '2024-08-06' }] },
    { id: 'gpt-5', prices: [version] },
  ],
};
const cat = catalogue(anthropic, openai);
const at = Date.parse('2025-06-01T00:00:00Z');

describe('matching rules declared in the data', () => {
  it.each([
    ['anthropic/claude-sonnet-4', 'claude-sonnet-4-20250514', 'prefix'],
    ['openrouter/anthropic/claude-sonnet-4-20250514', 'claude-sonnet-4-20250514', 'prefix'],
    ['anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4-20250514', 'pattern'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4-20250514', 'pattern'],
    ['bedrock/eu.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4-20250514', 'pattern'],
    ['claude-sonnet-4@20250514', 'claude-sonnet-4-20250514', 'pattern'],
    ['openai/gpt-5', 'gpt-5', 'prefix'],
    ['openai/gpt-5-2025-08-07', 'gpt-5', 'prefix'],
    ['gpt-5-2025-08-07', 'gpt-5', 'snapshot'],
  ])('%s → %s (via %s)', (id, model, via) => {
    expect(cat.resolveModel(id, at)).toMatchObject({ model: { id: model }, via });
  });

  it('keeps dated aliases dated behind a prefix', () => {
    expect(cat.resolveModel('openai/gpt-4o', Date.parse('2024-09-01T00:00:00Z'))?.model.id).toBe('gpt-4o-2024-05-13');
    expect(cat.resolveModel('openai/gpt-4o', Date.parse('2024-11-01T00:00:00Z'))?.model.id).toBe('gpt-4o-2024-08-06');
  });

  it('names every rewrite on the way', () => {
    expect(cat.resolveModel('openai/gpt-5-2025-08-07', at)?.steps).toEqual(['openai prefix "openai/" → gpt-5-2025-08-07', 'openai snapshot pattern ^(.+)-\\d{4}-\\d{2}-\\d{2}$ → gpt-5']);
  });

  it('leads a provider rule only into that provider, and guesses nothing', () => {
    expect(cat.resolveModel('openai/claude-sonnet-4', at)).toBeUndefined();
    expect(cat.resolveModel('anthropic/gpt-5', at)).toBeUndefined();
    expect(cat.resolveModel('claude-sonnet-4-20250514-extended', at)).toBeUndefined();
    expect(cat.resolveModel('xanthropic.claude-sonnet-4-20250514-v1:0', at)).toBeUndefined();
    expect(cat.resolveModel('gpt-5-turbo', at)).toBeUndefined();
  });

  it('lists what an alias means at which dates', () => {
    const [meaning] = cat.meanings('openai/gpt-4o');
    expect(meaning?.targets.map((t) => [t.model.id, t.from && new Date(t.from).toISOString(), t.until && new Date(t.until).toISOString()])).toEqual([
      ['gpt-4o-2024-05-13', undefined, '2024-10-02T00:00:00.000Z'],
      ['gpt-4o-2024-08-06', '2024-10-02T00:00:00.000Z', undefined],
    ]);
    expect(cat.knows('openai/gpt-4o')).toBe(true);
    expect(cat.knows('openai/gpt-6')).toBe(false);
  });

  it('rejects a prefix declared by two providers', () => {
    const a = validatePricingFile('a.json', { provider: 'a', prefixes: ['x/'], models: [] }).value;
    const b = validatePricingFile('b.json', { provider: 'b', prefixes: ['x/'], models: [] }).value;
    const problems = new Catalogue([a, b].filter((f) => f !== undefined), 'h', []).problems;
    expect(problems.map((p) => `${p.file} ${p.path}: ${p.message}`)).toEqual(['b.json $.prefixes: prefix "x/" is also declared by provider "a" (a.json); a prefix must lead to one provider']);
  });

  it('validates prefixes and patterns with JSON paths', () => {
    const problems = validatePricingFile('p.json', {
      provider: 'x',
      prefixes: ['openai'],
      id_patterns: [{ match: '^claude$', to: '$1' }, { match: '^(a)$', to: 'b' }],
      models: [],
    }).problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual([
      '$.prefixes[0]: expected a prefix ending in "/", ".", ":" or "@" such as "openrouter/openai/", found "openai"',
      '$.id_patterns[0].match: needs a capture group: the part that names the model',
      '$.id_patterns[1].to: must use a capture group such as "$1", found "b"',
    ]);
  });
});

describe('the end of a price history', () => {
  const ended = catalogue({
    provider: 'd',
    models: [
      {
        id: 'm',
        prices: [
          { ...version, region: 'intl' },
          { ...version, region: 'intl', effective_from: '2025-06-01', effective_until: '2026-08-16T16:00:00Z', input: '3' },
          { ...version, region: 'cn', currency: 'CNY' },
        ],
      },
    ],
  });
  const price = (iso: string, region = 'intl') => {
    const t = Date.parse(iso);
    return ended.price('m', t, { tokens: emptyBuckets(), requestTime: t, region });
  };

  it('prices up to the end, exclusive, and is unpriced with the reason after it', () => {
    expect(isPriced(price('2026-08-16T15:59:59.999Z'))).toBe(true);
    expect(price('2026-08-16T16:00:00Z')).toEqual({
      reason: 'history-ended',
      detail: '"m": price history ends at 2026-08-16T16:00:00Z (region intl; source: https://example.com/pricing)',
    });
    // Another region's history goes on.
    expect(isPriced(price('2027-01-01T00:00:00Z', 'cn'))).toBe(true);
  });

  it('allows an end only on the last version of a region, after its start', () => {
    const problems = (prices: unknown[]) => validatePricingFile('p.json', { provider: 'x', models: [{ id: 'm', prices }] }).problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems([{ ...version, effective_until: '2025-03-01' }, { ...version, effective_from: '2025-06-01' }])).toEqual([
      '$.models[0].prices[0].effective_until: only the last version of region "global" may end; $.models[0].prices[1] (2025-06-01) comes after it',
    ]);
    expect(problems([{ ...version, effective_until: '2024-12-31' }])).toEqual(['$.models[0].prices[0].effective_until: must come after effective_from (2025-01-01)']);
  });
});

describe('suggestions for unknown ids', () => {
  it('measures edit distance', () => {
    expect(editDistance('gpt-4o', 'gpt-4o')).toBe(0);
    expect(editDistance('gpt-4o', 'gpt-40')).toBe(1);
    expect(editDistance('claude-sonnet-4.5', 'claude-sonnet-4-5')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest ids and aliases, closest first, ties by name, and nothing when nothing is near', () => {
    expect(cat.suggest('gpt-4')).toEqual(['gpt-4o', 'gpt-5']);
    expect(cat.suggest('claude-sonnet-4.0', 1)).toEqual(['claude-sonnet-4']);
    expect(cat.suggest('openai/gpt-5o')).toEqual(['gpt-4o', 'gpt-5']);
    expect(cat.suggest('mystery-model-9000')).toEqual([]);
    expect(nearest('b', [], ['c', 'a', 'b'], 5)).toEqual(['a', 'c']);
  });

  it('names the suggestions in the unpriced reason, worked out only when asked (for the models a report lists)', () => {
    expect(cat.price('gpt-5o', at, { tokens: emptyBuckets(), requestTime: at })).toEqual({
      reason: 'unknown-model',
      detail: 'no price data for model "gpt-5o"',
      unknownId: true,
    });
    expect(cat.describeUnknown('gpt-5o')).toEqual({
      reason: 'no price data for model "gpt-5o" (did you mean "gpt-4o", "gpt-5"?)',
      suggestions: ['gpt-4o', 'gpt-5'],
    });
  });
});
