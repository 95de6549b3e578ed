// The cross-check over hand-made snapshots (scripts/crosscheck/fixtures/): every planted mismatch is
// found, nothing else is, and no float error creeps in (2.19e-06 × 1e6 is 2.1900000000000004 in floats).
// Needs dist/ (npm test builds first).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimalText, perTokenToPerMillion } from './decimal.mjs';
import { isPlatformBookId, knownMatches, withinRounding } from './compare.mjs';
import { exactLiterals } from './models-dev.mjs';
import { runCrosscheck } from './run.mjs';

const fixture = (path) => fileURLToPath(new URL(`fixtures/${path}`, import.meta.url));
const SCRIPT = fileURLToPath(new URL('../pricing-crosscheck.mjs', import.meta.url));

const run = (options) =>
  runCrosscheck({ pricingDir: fixture('pricing'), known: fixture('known.json'), at: '2025-07-01', ...options });

const found = (report) => report.mismatches.map((m) => `${m.model} ${m.field}: ${m.ours} vs ${m.snapshot}${m.known ? ' (known)' : ''}`);

describe('exact decimals', () => {
  it('reads per-token prices as per-million rates without floats', () => {
    const million = (text) => formatDecimal(perTokenToPerMillion(parseDecimalText(text)));
    expect(million('2.19e-06')).toBe('2.19');
    expect(million('3e-06')).toBe('3');
    expect(million('0.000015')).toBe('15');
    expect(million('1.25E-7')).toBe('0.125');
    expect(million('7e-08')).toBe('0.07');
  });

  it('normalises "3.00" and "3", and reads TOML digit separators', () => {
    expect(formatDecimal(parseDecimalText('3.00'))).toBe('3');
    expect(formatDecimal(parseDecimalText('200_000'))).toBe('200000');
    expect(parseDecimalText('abc')).toBeUndefined();
  });

  it('takes TOML floats back from their literals', () => {
    const exact = exactLiterals('a = 0.550\nb = 1.5e1\nc = { d = 0.1435 }\n', 'test');
    expect(formatDecimal(exact(0.55, 'a'))).toBe('0.55');
    expect(formatDecimal(exact(15, 'b'))).toBe('15');
    expect(formatDecimal(exact(0.1435, 'c.d'))).toBe('0.1435');
  });
});

describe('pricing crosscheck over the fixtures', () => {
  it('litellm: finds each planted mismatch, time windows included, and marks the known one', async () => {
    const { reports, staleKnown } = await run({ litellm: fixture('litellm.json') });
    const [report] = reports;
    expect(found(report)).toEqual([
      'deepseek-chat input@00:00: 0.135 vs 0.27',
      'deepseek-chat input@16:30: 0.135 vs 0.27',
      'deepseek-chat cache_read@00:00: 0.035 vs 0.07',
      'deepseek-chat cache_read@16:30: 0.035 vs 0.07',
      'deepseek-chat output@00:00: 0.55 vs 1.1',
      'deepseek-chat output@16:30: 0.55 vs 1.1',
      'gpt-z cache_read: 3 vs 0.3',
      'gpt-z output: 15 vs 16 (known)',
    ]);
    const openai = report.rows.find((r) => r.provider === 'openai');
    // gpt-x (2.19e-06) and openai/gpt-y (tiers above 200k) are equal: a float error would make them mismatch.
    expect(openai).toMatchObject({ compared: 3, equal: 2, mismatched: 1, onlyInSnapshot: ['gpt-snapshot-only'], onlyInOurs: ['gpt-ours-only'] });
    expect(staleKnown.map((k) => k.model)).toEqual(['gpt-nothing']);
  });

  it('genai-prices: dated constraints, match rules, tiers on one side only, time of day', async () => {
    const { reports } = await run({ genaiPrices: fixture('genai-prices') });
    const [report] = reports;
    expect(found(report)).toEqual(['gpt-y input>200000: 2.5 vs 3', 'gpt-y output>200000: 15 vs 10']);
    expect(report.rows.find((r) => r.provider === 'deepseek')).toMatchObject({ compared: 1, equal: 1 });
    // Before 2025-06-01 both sides hold gpt-x's first price: still equal.
    const early = await run({ genaiPrices: fixture('genai-prices'), at: '2025-03-01' });
    expect(early.reports[0].rows.find((r) => r.provider === 'openai')).toMatchObject({ compared: 2, equal: 1, mismatched: 1 });
  });

  it('models.dev: a cache-write rate we do not set is compared at what we bill it at', async () => {
    const { reports } = await run({ modelsDev: fixture('models-dev') });
    expect(found(reports[0])).toEqual(['gpt-z cache_write_5m: 3 vs 3.75']);
    expect(reports[0].mismatches[0].oursNote).toBe('not set: billed at input');
  });

  it('prints sorted, identical output on every run, and exits 2 when an input cannot be read', () => {
    const args = [SCRIPT, '--pricing-dir', fixture('pricing'), '--known', fixture('known.json'), '--at', '2025-07-01', '--litellm', fixture('litellm.json'), '--genai-prices', fixture('genai-prices'), '--models-dev', fixture('models-dev')];
    const first = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const second = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout).toContain('summary: 11 mismatches, 10 new, 1 known');
    const missing = spawnSync(process.execPath, [SCRIPT, '--pricing-dir', fixture('pricing'), '--litellm', fixture('nope.json')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read/);
  });
});

describe('pricing crosscheck: what is not the same product, and known patterns (fixtures/triage)', () => {
  const triage = (options) =>
    runCrosscheck({ pricingDir: fixture('triage/pricing'), known: fixture('triage/known.json'), at: '2025-07-01', ...options });

  it('genai-prices: a match rule is not applied to our platform price book (claude-z@aws-regional)', async () => {
    const { reports } = await triage({ genaiPrices: fixture('triage/genai-prices') });
    const [report] = reports;
    // Without the rule, starts_with claude-z pairs claude-z@aws-regional with the list price: 3.3 vs 3, 16.5 vs 15.
    expect(found(report)).toEqual([]);
    expect(report.rows.find((r) => r.provider === 'anthropic')).toMatchObject({ compared: 1, equal: 1, onlyInOurs: [] });
    expect(report.notes.join('\n')).toMatch(/1 models of ours are a platform's own price book \(id@platform, e\.g\. claude-z@aws-regional\)/);
  });

  it('models.dev: thinking output, rounded conversions, USD copies in a CNY folder, known patterns', async () => {
    const { reports, staleKnown } = await triage({ modelsDev: fixture('triage/models-dev') });
    const [report] = reports;
    // qwen-t: models.dev's reasoning 4 is our output_thinking (not output 1.2); its ¥24 × 0.1435 = 3.444
    // is written 3.44 (rounding, not a mismatch). qwen-copy's alibaba-cn file is the USD list copied
    // (0.5 / 3): not compared with our ¥2 / ¥12. qwen-f: models.dev gives only the first tier (known).
    expect(found(report)).toEqual(['qwen-f input>131072: 0.0861 vs 0.022 (known)', 'qwen-f output>131072: 0.861 vs 0.216 (known)']);
    expect(report.rows.find((r) => r.provider === 'alibaba')).toMatchObject({ compared: 4, equal: 3, mismatched: 1 });
    expect(report.notes.join('\n')).toMatch(/alibaba-cn\/qwen-copy: \[cost\] identical to the alibaba file/);
    expect(staleKnown.map((k) => `${k.model} ${k.snapshot_provider}`)).toEqual(['qwen-* alibaba']);
  });

  it('known entries: * patterns for model and field, snapshot_provider', () => {
    const m = { provider: 'xai', model: 'grok-4.3', snapshotProvider: 'xai', snapshotId: 'grok-4.3', field: 'input>199999' };
    expect(knownMatches({ source: 'models.dev', model: 'grok-4*', field: '*>199999' }, 'models.dev', m)).toBe(true);
    expect(knownMatches({ source: 'models.dev', model: 'grok-4*', field: '*>199999', snapshot_provider: 'x_ai' }, 'models.dev', m)).toBe(false);
    expect(knownMatches({ source: 'models.dev', model: 'grok-4.3', field: 'input' }, 'models.dev', m)).toBe(false);
    // "." is literal: grok-4x3 does not match grok-4.3
    expect(knownMatches({ source: 'models.dev', model: 'grok-4x3', field: '*' }, 'models.dev', m)).toBe(false);
    expect(knownMatches({ source: 'genai-prices', model: '*', field: '*' }, 'models.dev', m)).toBe(false);
  });

  it('converted rates: equal up to the snapshot rounding, and no further', () => {
    const d = (text) => parseDecimalText(text);
    expect(withinRounding(d('3.444'), d('3.44'))).toBe(true);
    expect(withinRounding(d('0.1435'), d('0.143353'))).toBe(true);
    expect(withinRounding(d('3.444'), d('3.441'))).toBe(true);
    expect(withinRounding(d('0.021525'), d('0.022'))).toBe(true);
    expect(withinRounding(d('1.0332'), d('1.125'))).toBe(false);
    expect(withinRounding(d('0.0287'), d('0.05'))).toBe(false);
    expect(withinRounding(d('3.5'), d('3.44'))).toBe(false);
  });

  it('isPlatformBookId: id@platform, not a Vertex date', () => {
    expect(isPlatformBookId('claude-sonnet-4-5@aws-regional')).toBe(true);
    expect(isPlatformBookId('claude-sonnet-4@20250514')).toBe(false);
    expect(isPlatformBookId('gpt-5')).toBe(false);
  });
});
