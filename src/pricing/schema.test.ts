import { describe, expect, it } from 'vitest';
import { Catalogue } from './catalog.ts';
import { validatePricingFile } from './schema.ts';

const version = { effective_from: '2025-01-01', currency: 'USD', input: '1', output: '2', source: 's', checked: '2026-11-28', confidence: 'high' };

function problemsOf(data: unknown): string[] {
  return validatePricingFile('p.json', data).problems.map((p) => `${p.path}: ${p.message}`);
}

function file(models: unknown[]): unknown {
  return { provider: 'x', models };
}

describe('validatePricingFile', () => {
  it('accepts a valid file', () => {
    const { value, problems } = validatePricingFile('p.json', file([{ id: 'm', prices: [version] }]));
    expect(problems).toEqual([]);
    expect(value?.models[0]?.prices[0]?.region).toBe('global');
  });

  it('names the JSON path of a rate written as a number', () => {
    expect(problemsOf(file([{ id: 'm', prices: [{ ...version, input: 0.28 }] }]))).toEqual([
      '$.models[0].prices[0].input: expected a decimal string per million tokens such as "0.28", found number 0.28 (write it as a string: "0.28")',
    ]);
  });

  it('requires a source, a checked date and a confidence', () => {
    const { source: _s, checked: _c, ...bare } = version;
    expect(problemsOf(file([{ id: 'm', prices: [{ ...bare, confidence: 'sure' }] }]))).toEqual([
      '$.models[0].prices[0].source: is required',
      '$.models[0].prices[0].checked: is required',
      '$.models[0].prices[0].confidence: expected one of high, medium, low, found "sure"',
    ]);
  });

  it('rejects unsorted and duplicate versions within a region', () => {
    const later = { ...version, effective_from: '2025-06-01' };
    expect(problemsOf(file([{ id: 'm', prices: [later, version] }]))[0]).toMatch(/prices\[1\]\.effective_from: is out of order/);
    expect(problemsOf(file([{ id: 'm', prices: [version, version] }]))[0]).toMatch(/starts at the same time as/);
    // The same date in two regions is fine.
    expect(problemsOf(file([{ id: 'm', prices: [version, { ...version, region: 'cn', currency: 'CNY' }] }]))).toEqual([]);
  });

  it('rejects tiers that do not ascend, and tiers mixed with top-level rates', () => {
    const { input: _i, output: _o, ...noRates } = version;
    const tiers = [{ input_up_to: 1000, input: '1', output: '2' }, { input_up_to: 500, input: '2', output: '3' }];
    expect(problemsOf(file([{ id: 'm', prices: [{ ...noRates, tiers }] }]))).toEqual(['$.models[0].prices[0].tiers[1].input_up_to: tiers must ascend: 500 comes after 1000']);
    expect(problemsOf(file([{ id: 'm', prices: [{ ...version, tiers: [{ input: '1', output: '2' }] }] }]))[0]).toMatch(/has both "tiers" and top-level rates/);
  });

  it('rejects bad dates, times of day, unknown fields and service tiers', () => {
    const problems = problemsOf(
      file([
        {
          id: 'm',
          prices: [{ ...version, effective_from: '2025-13-45', windows: [{ name: 'w', from: '25:00', to: '01:00', input: '1', output: '1' }], service_tiers: { turbo: { multiplier: '2' } }, colour: 'red' }],
        },
      ]),
    );
    expect(problems).toEqual([
      '$.models[0].prices[0].colour: unknown field (allowed: effective_from, effective_until, region, currency, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, output_thinking, input_audio, output_audio, input_image, tiers, windows, service_tiers, introductory, fees_per_1k, source, checked, confidence, notes)',
      '$.models[0].prices[0].effective_from: expected "YYYY-MM-DD" or a UTC datetime "YYYY-MM-DDTHH:MM:SSZ", found "2025-13-45"',
      '$.models[0].prices[0].windows[0].from: expected a UTC time of day "HH:MM", found "25:00"',
      '$.models[0].prices[0].service_tiers.turbo: unknown service tier (allowed: batch, flex, priority, fast)',
    ]);
  });

  it('rejects unanchored snapshot patterns (no substring matching)', () => {
    expect(problemsOf({ provider: 'x', snapshot_patterns: ['-\\d{8}'], models: [] })).toEqual(['$.snapshot_patterns[0]: must be anchored with ^ and $ (no substring matching)']);
  });
});

describe('catalogue-wide checks', () => {
  function catalogue(models: unknown[], more: unknown[] = []): string[] {
    const a = validatePricingFile('a.json', file(models)).value;
    const b = validatePricingFile('b.json', file(more)).value;
    return new Catalogue([a, b].filter((f) => f !== undefined), 'h', []).problems.map((p) => `${p.file} ${p.path}: ${p.message}`);
  }

  it('rejects a model id defined twice', () => {
    expect(catalogue([{ id: 'm', prices: [version] }], [{ id: 'm', prices: [version] }])).toEqual(['b.json $.models[0]: model id "m" is already defined at a.json $.models[0]']);
  });

  it('rejects an alias that points to two models at once, and accepts a dated move', () => {
    const overlapping = catalogue([
      { id: 'a', aliases: ['x'], prices: [version] },
      { id: 'b', aliases: [{ id: 'x', from: '2025-01-01' }], prices: [version] },
    ]);
    expect(overlapping[0]).toMatch(/alias "x" points to both "a" and "b" at the same time/);
    const moved = catalogue([
      { id: 'a', aliases: [{ id: 'x', until: '2025-01-01' }], prices: [version] },
      { id: 'b', aliases: [{ id: 'x', from: '2025-01-01' }], prices: [version] },
    ]);
    expect(moved).toEqual([]);
  });
});

describe('one model per id in a file', () => {
  it('refuses a duplicate id inside one file (an override would otherwise apply the last copy silently)', () => {
    const version = (input: string) => ({ effective_from: '2025-01-01', currency: 'USD', input, output: '2', source: 's', checked: '2025-01-01', confidence: 'high' });
    const file = { provider: 'openai', models: [{ id: 'm', prices: [version('1')] }, { id: 'n', prices: [version('1')] }, { id: 'm', prices: [version('777')] }] };
    for (const override of [false, true]) {
      expect(validatePricingFile('o.json', file, { override }).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
        '$.models[2].id: model id "m" is already defined at $.models[0] in this file; merge the two entries into one',
      ]);
    }
  });
});
