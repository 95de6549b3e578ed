// `llm-audit pricing list|show|check`, spawned as a user runs it.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FROZEN_PRICING, runIn } from './run.ts';

const INVALID = 'fixtures/pricing/invalid';

/** Each broken fixture and the exact problems `pricing check` must list for it. */
const BROKEN: Record<string, string[]> = {
  'overlap.json': ['$.models[0].prices[1].effective_from: starts at the same time as $.models[0].prices[0] (2025-01-01) in region "global"'],
  'unsorted.json': ['$.models[0].prices[1].effective_from: is out of order: it starts before $.models[0].prices[0] (2025-06-01) in region "global"'],
  'tier-descending.json': ['$.models[0].prices[0].tiers[1].input_up_to: tiers must ascend: 32000 comes after 128000'],
  'missing-source.json': ['$.models[0].prices[0].source: is required', '$.models[0].prices[0].checked: is required'],
  'bad-date.json': ['$.models[0].prices[0].effective_from: expected "YYYY-MM-DD" or a UTC datetime "YYYY-MM-DDTHH:MM:SSZ", found "2025-02-30"'],
  'alias-conflict.json': ['$.models[1]: alias "latest" points to both "a" and "b" at the same time; give them from/until dates that do not overlap'],
  'unknown-field.json': [
    '$.models[0].prices[0].cached_input: unknown field (allowed: effective_from, effective_until, region, currency, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, output_thinking, input_audio, output_audio, input_image, tiers, windows, service_tiers, introductory, fees_per_1k, source, checked, confidence, notes)',
  ],
  'number-rate.json': ['$.models[0].prices[0].output: expected a decimal string per million tokens such as "0.28", found number 2 (write it as a string: "2")'],
  'until-not-last.json': ['$.models[0].prices[0].effective_until: only the last version of region "global" may end; $.models[0].prices[1] (2025-06-01) comes after it'],
  'unanchored-pattern.json': [
    '$.prefixes[0]: expected a prefix ending in "/", ".", ":" or "@" such as "openrouter/openai/", found "broken"',
    '$.id_patterns[0].match: must be anchored with ^ and $ (no substring matching)',
  ],
};

async function json(args: string[]): Promise<any> {
  const result = await runIn([...args, '--format', 'json']);
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe('pricing check', () => {
  it('passes on the shipped catalogue and FX table', async () => {
    const result = await runIn(['pricing', 'check']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^pricing data OK: \d+ files, \d+ models, \d+ versions \(confidence: \d+ high, \d+ medium, \d+ low\)\n$/);
  });

  it.each(Object.entries(BROKEN))('fails on %s with every problem as file: $.path: message', async (name, problems) => {
    const result = await runIn(['pricing', 'check', '--pricing-dir', `${INVALID}/${name}`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(problems.map((p) => `${INVALID}/${name}: ${p}\n`).join(''));
    expect(result.stderr).toBe(`llm-audit: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the pricing data\n`);
  });

  it('fails on a file that is not JSON, on one line', async () => {
    const result = await runIn(['pricing', 'check', '--pricing-dir', `${INVALID}/bad-json.json`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^fixtures\/pricing\/invalid\/bad-json\.json: \$: not valid JSON: [^\n]+ \(look for a trailing comma, a missing comma or an unquoted key\)\n$/);
  });

  it('has a case for every broken fixture', async () => {
    expect(readdirSync(INVALID).sort()).toEqual([...Object.keys(BROKEN), 'bad-json.json'].sort());
  });

  it('validates overrides with the same rules', async () => {
    expect((await runIn(['pricing', 'check', '--pricing', 'fixtures/pricing/overrides/gpt5-discount.json'])).code).toBe(0);
    const wrong = await runIn(['pricing', 'check', '--pricing-dir', FROZEN_PRICING, '--pricing', 'fixtures/pricing/overrides/wrong-provider.json']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toMatch(/wrong-provider\.json: \$\.models\[0\]: model "gpt-5" belongs to provider "openai"/);
  });
});

describe('pricing list', () => {
  it('shows the DeepSeek cut of 2025-09-29 in both books', async () => {
    const before = await json(['pricing', 'list', '--provider', 'deepseek', '--at', '2025-09-28T12:00:00Z']);
    const after = await json(['pricing', 'list', '--provider', 'deepseek', '--at', '2025-09-30']);
    const row = (list: any, region: string) => list.rows.find((r: any) => r.model === 'deepseek-chat' && r.region === region);
    expect(row(before, 'cn')).toMatchObject({ currency: 'CNY', rates: { output: '12' } });
    expect(row(after, 'cn')).toMatchObject({ currency: 'CNY', rates: { input: '2', cacheRead: '0.2', output: '3' } });
    expect(row(after, 'intl')).toMatchObject({ currency: 'USD', effectiveFrom: '2025-09-29', rates: { input: '0.28', cacheRead: '0.028', output: '0.42' }, confidence: 'high' });
    expect(after.at).toBe('2025-09-30T00:00:00Z');
  });

  it('converts for display with --currency and --fx, and names the rate', async () => {
    const list = await json(['pricing', 'list', '--provider', 'alibaba', '--region', 'intl', '--at', '2025-10-01', '--currency', 'CNY', '--fx', 'USDCNY=7.2']);
    const qwen = list.rows.find((r: any) => r.model === 'qwen3-max');
    expect(qwen).toMatchObject({ currency: 'USD', rates: { input: '1.2', output: '6' }, converted: { currency: 'CNY', rates: { input: '8.64', output: '43.2' } } });
    expect(list.conversion).toEqual({ currency: 'CNY', rates: [{ pair: 'USDCNY', rate: '7.2', month: '2025-10', source: '--fx USDCNY=7.2', operation: 'multiply' }], unconverted: [] });
    const table = (await runIn(['pricing', 'list', '--provider', 'alibaba', '--region', 'intl', '--at', '2025-10-01', '--currency', 'CNY', '--fx', 'USDCNY=7.2'])).stdout;
    expect(table).toMatch(/qwen3-max\s+intl\s+2025-09-23\s+CNY\*\s+8\.64\s+-\s+-\s+43\.2/);
    expect(table).toMatch(/USDCNY = 7\.2 \(2025-10; multiply\) — --fx USDCNY=7\.2/);
  });

  it('applies --pricing overrides and changes the catalogue hash', async () => {
    const base = await json(['pricing', 'list', '--provider', 'openai', '--at', '2025-10-01']);
    const over = await json(['pricing', 'list', '--provider', 'openai', '--at', '2025-10-01', '--pricing', 'fixtures/pricing/overrides/gpt5-discount.json']);
    const gpt5 = (list: any) => list.rows.find((r: any) => r.model === 'gpt-5').rates;
    expect(gpt5(base)).toMatchObject({ input: '1.25', output: '10' });
    expect(gpt5(over)).toMatchObject({ input: '1', cacheRead: '0.1', output: '8' });
    expect(over.pricing.hash).not.toBe(base.pricing.hash);
    // Every other row is the same.
    const others = (list: any) => list.rows.filter((r: any) => r.model !== 'gpt-5');
    expect(others(over)).toEqual(others(base));
  });

  it('prints a table with the date it used, and refuses an unknown provider', async () => {
    const table = await runIn(['pricing', 'list', '--pricing-dir', FROZEN_PRICING, '--provider', 'openai', '--at', '2025-10-01']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Prices per million tokens in force at 2025-10-01T00:00:00Z/);
    expect(table.stdout).toMatch(/openai\s+gpt-5\s+global\s+2025-08-07\s+USD\s+1\.25\s+0\.125\s+-\s+10\s+high\s+batch\/flex/);
    const bad = await runIn(['pricing', 'list', '--provider', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--provider: no provider "nope" in the pricing data; use one of .*openai/);
  });
});

describe('pricing show', () => {
  it('shows every version of a model with dates, windows, source and confidence', async () => {
    const view = await json(['pricing', 'show', 'deepseek-chat']);
    const intl = view.models[0].versions.filter((v: any) => v.region === 'intl');
    expect(intl.map((v: any) => [v.effectiveFrom, v.effectiveUntil])).toEqual([
      ['2024-12-26', '2025-02-08T16:00:00Z'],
      ['2025-02-08T16:00:00Z', '2025-02-26T16:30:00Z'],
      ['2025-02-26T16:30:00Z', '2025-09-05T16:00:00Z'],
      ['2025-09-05T16:00:00Z', '2025-09-29'],
      ['2025-09-29', '2026-04-24'],
      ['2026-04-24', '2026-04-26T12:15:00Z'],
      ['2026-04-26T12:15:00Z', '2026-07-24T16:00:00Z'],
    ]);
    expect(intl[2].windows).toEqual([{ name: 'off-peak', from: '16:30', to: '00:30', spans: ['16:30–00:30'], rates: { input: '0.135', cacheRead: '0.035', output: '0.55' } }]);
    expect(intl[6]).toMatchObject({ endsBy: 'history ends', confidence: 'medium', source: expect.stringMatching(/^https:\/\//) });
  });

  it('says which model an alias means at which dates', async () => {
    const text = (await runIn(['pricing', 'show', 'gpt-4o'])).stdout;
    expect(text).toMatch(/means gpt-4o-2024-05-13 until 2024-10-02T00:00:00Z/);
    expect(text).toMatch(/means gpt-4o-2024-08-06 from 2024-10-02T00:00:00Z/);
  });

  it('resolves platform ids through the rules in the data, naming each step', async () => {
    const view = await json(['pricing', 'show', 'bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0']);
    expect(view.meanings).toEqual([
      {
        via: 'pattern',
        id: 'claude-3-5-sonnet-20241022',
        steps: [expect.stringMatching(/^anthropic id pattern .* → claude-3-5-sonnet-20241022$/)],
        targets: [{ model: 'claude-3-5-sonnet-20241022', from: null, until: null }],
      },
    ]);
  });

  it('resolves a dotted Copilot id through the Anthropic pattern, naming the step', async () => {
    const view = await json(['pricing', 'show', 'claude-sonnet-4.5']);
    expect(view.meanings).toEqual([
      {
        via: 'pattern',
        id: 'claude-sonnet-4-5',
        steps: [expect.stringMatching(/^anthropic id pattern .* → claude-sonnet-4-5$/)],
        targets: [{ model: 'claude-sonnet-4-5-20250929', from: null, until: null }],
      },
    ]);
  });

  it('refuses an unknown id with the nearest known ids', async () => {
    const result = await runIn(['pricing', 'show', 'claude-sonet-4-5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no model, alias or platform id "claude-sonet-4-5" in the pricing data; did you mean "claude-sonnet-4-5"/);
  });
});
