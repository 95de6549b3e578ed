import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PACKAGE_ROOT } from '../paths.ts';
import { modelTokens, TOKENIZER_NAMES } from './families.ts';
import { apportion, FACTORS, measuredRatio, ratioBetween, ratioUnits, scaleCount } from './ratios.ts';
import { RATIO_TABLE } from './ratios.generated.ts';

describe('scaleCount: n × ratio, rounded half up, in integers', () => {
  test.each([
    [0, '1.2300', 0],
    [1, '1.2300', 1],
    [2, '1.2500', 3], // 2.5 → 3 (half up)
    [2, '0.2500', 1], // 0.5 → 1
    [6, '0.2500', 2], // 1.5 → 2
    [3, '0.5000', 2], // 1.5 → 2
    [1000, '0.8830', 883],
    [1001, '0.8835', 884], // 884.3835 → 884
    [9999, '1.0001', 10_000], // 9999.9999 → 10000
    [10_000, '1.0000', 10_000],
  ])('%i × %s = %i', (n, ratio, expected) => {
    expect(scaleCount(n, ratio)).toBe(expected);
  });

  test('no float error: 3 × 1.1000 is 3.3 → 3 (a float product gives 3.3000000000000003)', () => {
    expect(scaleCount(3, '1.1000')).toBe(3);
    expect(scaleCount(5, '1.1000')).toBe(6); // 5.5 → 6
  });

  test('counts past 2^53 / 10^4 are scaled exactly (BigInt path)', () => {
    const n = 2 ** 50 + 1;
    expect(scaleCount(n, '2.0000')).toBe(2 * n);
    expect(scaleCount(n, '1.0000')).toBe(n);
  });

  test('rejects a malformed ratio or count', () => {
    expect(() => scaleCount(1, '1.23')).toThrow(/4 places/);
    expect(() => scaleCount(-1, '1.0000')).toThrow(/non-negative/);
    expect(() => scaleCount(1.5, '1.0000')).toThrow(/integer/);
    expect(ratioUnits('0.0001')).toBe(1);
  });
});

describe('apportion: exact sum, largest remainders', () => {
  test.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [11, [1, 1, 1], [4, 4, 3]],
    [100, [70, 20, 10, 0], [70, 20, 10, 0]],
    [7, [0, 0], [7, 0]],
    [0, [5, 5], [0, 0]],
    [5, [3, 0, 0, 0], [5, 0, 0, 0]],
    [1, [1, 3], [0, 1]],
  ])('%i over %j → %j', (total, weights, expected) => {
    const parts = apportion(total, weights);
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  test('always sums exactly, never negative, for many random splits', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let i = 0; i < 2_000; i += 1) {
      const weights = [next() % 1000, next() % 10, next() % 100_000, 0];
      const total = next() % 200_000;
      const parts = apportion(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      for (const p of parts) expect(p).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('the measured table', () => {
  test('covers every pair of shipped tokenizers; a tokenizer against itself is 1', () => {
    for (const from of TOKENIZER_NAMES) {
      for (const to of TOKENIZER_NAMES) {
        const entry = measuredRatio(from, to);
        for (const key of ['en', 'zh', 'code', 'blended'] as const) expect(entry[key]).toMatch(/^\d+\.\d{4}$/);
        if (from === to) expect(entry.blended).toBe('1.0000');
      }
    }
  });

  test('states its corpus, tokenizer versions and date', () => {
    expect(RATIO_TABLE.measured).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(RATIO_TABLE.corpus.map((c) => c.language)).toEqual(['en', 'zh', 'code']);
    for (const name of TOKENIZER_NAMES) expect(RATIO_TABLE.tokenizers[name]).toMatch(/@\d/);
  });

  test('was measured on the corpus and tokenizer files in the repository (else rerun the script)', () => {
    const sha256 = (path: string) => createHash('sha256').update(readFileSync(join(PACKAGE_ROOT, path))).digest('hex');
    for (const { file, sha256: expected } of RATIO_TABLE.corpus) expect(sha256(file), `${file} changed: rerun node scripts/measure-token-ratios.mjs`).toBe(expected);
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'tokenizers/manifest.json'), 'utf8')) as { files: Record<string, { gzSha256: string }> };
    for (const [file, { gzSha256 }] of Object.entries(manifest.files)) {
      expect(sha256(`tokenizers/${file}`), `tokenizers/${file} differs from tokenizers/manifest.json`).toBe(gzSha256);
      expect(Object.values(RATIO_TABLE.tokenizers).some((v) => v.includes(`${file} `) && v.includes(gzSha256.slice(0, 16)))).toBe(true);
    }
  });

  test('Chinese is where the tokenizers differ most: cl100k needs far more tokens than Qwen', () => {
    expect(Number(measuredRatio('cl100k', 'qwen').zh)).toBeLessThan(0.7);
    expect(Number(measuredRatio('o200k', 'qwen').zh)).toBeLessThan(1);
  });
});

describe('ratioBetween', () => {
  test('two measured tokenizers: the blended corpus ratio', () => {
    const ratio = ratioBetween(modelTokens('gpt-4o'), modelTokens('qwen3-max'));
    expect(ratio).toMatchObject({ from: 'o200k', to: 'qwen', value: measuredRatio('o200k', 'qwen').blended });
    expect(ratio.basis).toMatch(/blended; en .*zh .*code .*measured \d{4}-\d{2}-\d{2} on fixtures\/corpus/);
  });

  test('to Claude: × the documented factor, rounded half up to 4 places', () => {
    const ratio = ratioBetween(modelTokens('deepseek-chat'), modelTokens('claude-sonnet-4-5'));
    const base = ratioUnits(measuredRatio('deepseek', 'o200k').blended);
    const expected = Math.floor((2 * base * 12_300 + 10_000) / 20_000);
    expect(ratioUnits(ratio.value)).toBe(expected);
    expect(ratio.to).toBe(`claude (o200k × ${FACTORS.claude.value})`);
    expect(ratio.basis).toMatch(/VentureBeat/);
  });

  test('from Claude to OpenAI: ÷ the factor', () => {
    expect(ratioBetween(modelTokens('claude-sonnet-4-5'), modelTokens('gpt-4o')).value).toBe('0.8130'); // 1 / 1.23
  });

  test('a stand-in family is labelled unverified in the basis', () => {
    expect(ratioBetween(modelTokens('gpt-4o'), modelTokens('kimi-k2.5')).basis).toMatch(/unverified/);
  });
});
