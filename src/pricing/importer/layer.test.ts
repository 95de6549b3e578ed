// The import layer against the frozen test catalogue: only prices that differ at --from go in,
// new models are added, unmapped and odd entries are skipped with a reason, and the written layer
// passes the same validation as any --pricing file and prices requests from --from on.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPlainString } from '../../core/money.ts';
import { emptyBuckets } from '../../core/types.ts';
import { isPriced, type Catalogue } from '../catalog.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue, loadPricing } from '../load.ts';
import { importLayer, SourceFormatError, type ImportResult } from './index.ts';
import { skipSummary } from './source.ts';

const FROZEN = 'fixtures/pricing/frozen';
const IMPORT = 'fixtures/pricing/import';
const frozen = loadCatalogue([FROZEN]);
const options = (from: string, extra: { fallbackProvider?: string } = {}) => ({ from: Date.parse(`${from}T00:00:00Z`), fromText: from, checked: '2026-12-05', fileLabel: 'excerpt.json', ...extra });
const litellm = readFileSync(`${IMPORT}/litellm-excerpt.json`, 'utf8');
const genai = readFileSync(`${IMPORT}/genai-prices-excerpt.json`, 'utf8');

const models = (result: ImportResult, provider: string) => result.files.find((f) => f.provider === provider)?.models ?? [];
const model = (result: ImportResult, provider: string, id: string): any => models(result, provider).find((m) => m.id === id);

/** Writes the layer's files to a fresh folder and loads them over the frozen catalogue. */
function applied(result: ImportResult): Catalogue {
  const dir = mkdtempSync(join(tmpdir(), 'llm-audit-import-'));
  for (const file of result.files) writeFileSync(join(dir, `${file.provider}.json`), JSON.stringify(file, null, 2));
  const { catalogue, problems } = loadPricing([FROZEN], [dir]);
  expect(problems).toEqual([]);
  if (!catalogue) throw new Error('no catalogue');
  return catalogue;
}

function inputRate(catalogue: Catalogue, id: string, at: string, input = 1000): string {
  const price = catalogue.price(id, Date.parse(at), { tokens: { ...emptyBuckets(), input, output: 10 }, requestTime: Date.parse(at) });
  return isPriced(price) ? toPlainString(price.rates.input) : price.reason;
}

describe('import from LiteLLM', () => {
  const result = importLayer(litellm, frozen, options('2025-12-01'));

  it('writes only the models whose price differs, and the ones the catalogue does not know', () => {
    expect(result.format).toBe('litellm');
    expect(result.changes.map((c) => `${c.kind} ${c.provider} ${c.model}: ${c.differences.join('; ')}`)).toEqual([
      'changed anthropic claude-sonnet-4-5-20250929: size tiers flat → 200000/∞',
      'added google gemini-3-pro: ',
      'changed openai gpt-5: input 1.25 → 1; cache_read 0.125 → 0.1; output 10 → 8',
      'added openai gpt-9-mini: ',
    ]);
    // o3-mini, gpt-4o (an alias of gpt-4o-2024-08-06 then) and deepseek-chat (intl book) are the same price.
    expect(result.unchanged).toBe(3);
    expect(result.files.map((f) => [f.provider, f.mode, f.models.map((m) => m.id)])).toEqual([
      ['anthropic', 'merge', ['claude-sonnet-4-5-20250929']],
      ['google', 'merge', ['gemini-3-pro']],
      ['openai', 'merge', ['gpt-5', 'gpt-9-mini']],
    ]);
  });

  it('writes exact decimals with source, checked and low confidence', () => {
    expect(model(result, 'openai', 'gpt-9-mini')).toEqual({
      id: 'gpt-9-mini',
      context_window: 400000,
      max_output_tokens: 128000,
      prices: [
        {
          effective_from: '2025-12-01',
          currency: 'USD',
          input: '0.125',
          cache_read: '0.0125',
          output: '3',
          source: 'imported from excerpt.json (LiteLLM model_prices_and_context_window.json key "gpt-9-mini")',
          checked: '2026-12-05',
          confidence: 'low',
          notes: 'source prices not imported (no field for them): input_cost_per_image',
        },
      ],
    });
    expect(model(result, 'google', 'gemini-3-pro')).toMatchObject({ aliases: ['gemini/gemini-3-pro'], prices: [{ tiers: [{ input_up_to: 200000, input: '2', cache_read: '0.2', output: '12' }, { input: '4', cache_read: '0.2', output: '18' }] }] });
  });

  it('keeps batch prices: the source\'s own, or the catalogue\'s multiplier carried over (and says so)', () => {
    const gpt5 = model(result, 'openai', 'gpt-5').prices[0];
    expect(gpt5.service_tiers).toEqual({ batch: { input: '0.5', output: '4' } });
    expect(gpt5.notes).toBe('not carried over: flex (a full rate set of the old price); source prices not imported (no field for them): priority prices (incomplete)');
    const claude = model(result, 'anthropic', 'claude-sonnet-4-5-20250929').prices[0];
    expect(claude.service_tiers).toEqual({ batch: { multiplier: '0.5' } });
    expect(claude.notes).toBe("carried over from the catalogue's version of 2025-09-29 (fixtures/pricing/frozen/anthropic.json): batch ×0.5");
  });

  it('skips unmapped providers, third-party Vertex models and retired ones, with counts by reason', () => {
    const summary = skipSummary(result.skipped).map((s) => `${s.count} ${s.reason}${s.groups.length > 0 ? ` [${s.groups.map((g) => `${g.group} ${g.count}`).join(', ')}]` : ''}`);
    expect(summary).toEqual([
      '2 provider not mapped to ours (pass --provider ID to import them under one provider) [bedrock 1, openrouter 1]',
      '1 mode "audio_transcription" (only chat/completion/responses are imported)',
      '1 mode "embedding" (only chat/completion/responses are imported)',
      '1 mode "image_generation" (only chat/completion/responses are imported)',
      '1 retired by --from (deprecation_date)',
      '1 third-party model on Vertex AI (platform price; not mapped to google) [vertex_ai-anthropic_models 1]',
    ]);
  });

  it('passes validation over the catalogue, and prices from --from on (the old price before)', () => {
    const catalogue = applied(result);
    expect(inputRate(catalogue, 'gpt-5', '2025-11-30T23:59:59Z')).toBe('1.25');
    expect(inputRate(catalogue, 'gpt-5', '2025-12-01T00:00:00Z')).toBe('1');
    expect(inputRate(catalogue, 'claude-sonnet-4-5', '2025-12-02T00:00:00Z', 250_000)).toBe('6');
    expect(inputRate(catalogue, 'claude-sonnet-4-5', '2025-12-02T00:00:00Z', 200_000)).toBe('3');
    expect(inputRate(catalogue, 'gpt-9-mini', '2025-11-30T00:00:00Z')).toBe('not-yet-priced');
    expect(inputRate(catalogue, 'gemini/gemini-3-pro', '2025-12-02T00:00:00Z')).toBe('2');
  });

  it('puts unmapped providers under --provider, but never a model the catalogue files under another provider', () => {
    const shipped = loadCatalogue([DEFAULT_PRICING_DIR]);
    const over = importLayer(litellm, shipped, options('2026-12-01', { fallbackProvider: 'openrouter' }));
    expect(over.skipped.find((s) => s.key === 'openrouter/openai/gpt-5')).toEqual({ key: 'openrouter/openai/gpt-5', reason: 'the catalogue has the model under another provider', group: 'openrouter → openai' });
    expect(over.changes.filter((c) => c.provider === 'openrouter').map((c) => `${c.kind} ${c.model}`)).toEqual(['added vertex_ai/claude-sonnet-4-5@20250929']);
  });

  it('imports nothing when every price is the same', () => {
    const again = importLayer(litellm, applied(result), options('2025-12-01'));
    expect(again.changes).toEqual([]);
    expect(again.unchanged).toBe(7);
  });
});

describe('import from genai-prices', () => {
  it('compares the price in force at --from: the same before the dated change, different after', () => {
    const before = importLayer(genai, frozen, options('2026-01-14'));
    expect(before.format).toBe('genai-prices');
    expect(before.changes.map((c) => `${c.kind} ${c.model}`)).toEqual(['changed claude-sonnet-4-5-20250929', 'added gpt-9']);
    const after = importLayer(genai, frozen, options('2026-01-15'));
    expect(after.changes.map((c) => `${c.kind} ${c.model}`)).toEqual(['changed claude-sonnet-4-5-20250929', 'changed gpt-5', 'added gpt-9']);
    expect(model(after, 'openai', 'gpt-5').prices[0]).toMatchObject({ effective_from: '2026-01-15', input: '1', cache_read: '0.1', output: '8', source: 'imported from excerpt.json (genai-prices data.json provider "openai" model "gpt-5" (prices from start_date 2026-01-15))' });
    const catalogue = applied(after);
    expect(inputRate(catalogue, 'gpt-5', '2026-01-14T12:00:00Z')).toBe('1.25');
    expect(inputRate(catalogue, 'gpt-5', '2026-01-15T12:00:00Z')).toBe('1');
  });

  it('adds an unmapped provider\'s models under --provider, naming what it could not import', () => {
    const result = importLayer(genai, frozen, options('2026-01-15', { fallbackProvider: 'perplexity' }));
    expect(model(result, 'perplexity', 'sonar').prices[0]).toMatchObject({ input: '1', output: '1', notes: 'source prices not imported (no field for them): requests_kcount' });
    applied(result);
  });
});

describe('importLayer input', () => {
  it('refuses a file of neither format, and broken JSON with where', () => {
    expect(() => importLayer('{"a": 1}', frozen, options('2026-01-01'))).toThrow(SourceFormatError);
    expect(() => importLayer('{"a": }', frozen, options('2026-01-01'))).toThrow('not valid JSON: unexpected "}" at line 1, column 7');
  });
});
