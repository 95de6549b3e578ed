// genai-prices data → neutral entries: the price set in force at a date, tiered prices, skips.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeGenaiPrices, readGenaiPrices } from './genai-prices.ts';
import { parseJsonExact } from './json-source.ts';

const root = parseJsonExact(readFileSync('fixtures/pricing/import/genai-prices-excerpt.json', 'utf8'));
const at = (date: string) => readGenaiPrices(root, Date.parse(`${date}T00:00:00Z`));
const entry = (date: string, key: string) => at(date).entries.find((e) => e.key === key);

describe('readGenaiPrices', () => {
  it('is recognised by shape (a bare list, or { providers })', () => {
    expect(looksLikeGenaiPrices(root)).toBe(true);
    expect(looksLikeGenaiPrices(parseJsonExact('{"providers": [{"id": "openai", "models": []}]}'))).toBe(true);
    expect(looksLikeGenaiPrices(parseJsonExact('{"gpt-5": {"litellm_provider": "openai"}}'))).toBe(false);
  });

  it('takes the price set whose start_date constraint holds at the date, else the first', () => {
    expect(entry('2026-01-14', 'openai/gpt-5')).toMatchObject({ rates: { input: '1.25', cache_read: '0.125', output: '10' } });
    expect(entry('2026-01-15', 'openai/gpt-5')).toMatchObject({ rates: { input: '1', cache_read: '0.1', output: '8' }, cite: 'genai-prices data.json provider "openai" model "gpt-5" (prices from start_date 2026-01-15)' });
  });

  it('reads numbers exactly from their text', () => {
    expect(entry('2026-01-01', 'openai/gpt-9')).toMatchObject({ id: 'gpt-9', provider: 'openai', rates: { input: '0.25', cache_read: '0.025', output: '2' }, contextWindow: 1000000 });
  });

  it('turns { base, tiers } into size tiers (above start → the tier price for the whole request)', () => {
    expect(entry('2026-01-01', 'anthropic/claude-sonnet-4-5-20250929')?.tiers).toEqual([
      { inputUpTo: 200000, rates: { input: '3', cache_write_5m: '3.75', cache_read: '0.3', output: '15' } },
      { rates: { input: '6', cache_write_5m: '7.5', cache_read: '0.6', output: '22.5' } },
    ]);
  });

  it('skips time-of-day prices, and keeps unmapped providers for the --provider choice', () => {
    const read = at('2026-01-01');
    expect(read.skipped).toEqual([{ key: 'deepseek/deepseek-chat', reason: 'time-of-day prices (genai-prices start_time/end_time; not imported)' }]);
    expect(read.entries.find((e) => e.key === 'perplexity/sonar')).toMatchObject({ sourceProvider: 'perplexity', ignoredFields: ['requests_kcount'] });
    expect(read.entries.find((e) => e.key === 'perplexity/sonar')?.provider).toBeUndefined();
  });

  it("skips genai-prices' zhipuai file: CNY converted to USD, not a list price of ours", () => {
    const converted = parseJsonExact('[{"id": "zhipuai", "models": [{"id": "glm-5", "prices": {"input_mtok": 0.552, "output_mtok": 2.483}}]}, {"id": "zai", "models": [{"id": "glm-5", "prices": {"input_mtok": 1, "output_mtok": 3.2}}]}]');
    const read = readGenaiPrices(converted, Date.parse('2026-12-01T00:00:00Z'));
    expect(read.skipped).toEqual([{ key: 'zhipuai/glm-5', reason: expect.stringContaining('CNY converted to USD at 7.25') }]);
    expect(read.entries.map((e) => [e.key, e.provider])).toEqual([['zai/glm-5', 'zhipu']]);
  });
});
