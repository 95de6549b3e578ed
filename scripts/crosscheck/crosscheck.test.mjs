// The cross-check over hand-made snapshots (scripts/crosscheck/fixtures/): every planted mismatch is
// found, nothing else is, and no float error creeps in (2.19e-06 × 1e6 is 2.1900000000000004 in floats).
// Needs dist/ (npm test builds first).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimalText, perTokenToPerMillion } from './decimal.mjs';
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
