// Property tests (fast-check): the invariants of DESIGN.md over generated logs, in-process, so the
// whole file runs in a few seconds. Each property names the invariant it checks; a failure prints
// the shrunk input that breaks it.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit/index.ts';
import { add, costOf, parseDecimal, toPlainString, ZERO } from '../src/core/money.ts';
import { loadCatalogue } from '../src/pricing/load.ts';
import type { Report } from '../src/report/contract.ts';
import { renderers } from '../src/report/render/index.ts';

const catalogue = loadCatalogue(['fixtures/pricing/frozen']);
const RUNS = 60;

/** One log line: valid usage in several shapes, lines that carry nothing, and broken ones. */
const line = fc.oneof(
  fc.record({
    model: fc.constantFrom('gpt-4o', 'gpt-5', 'deepseek-chat', 'claude-sonnet-4-5', 'no-such-model-x'),
    prompt: fc.nat(2_000_000),
    completion: fc.nat(200_000),
    cachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    day: fc.integer({ min: 0, max: 400 }),
    team: fc.constantFrom('a', 'b', 'c'),
  }).map(({ model, prompt, completion, cachedShare, day, team }) =>
    JSON.stringify({
      object: 'chat.completion',
      model,
      created: 1_735_689_600 + day * 86_400,
      metadata: { team },
      usage: { prompt_tokens: prompt, completion_tokens: completion, prompt_tokens_details: { cached_tokens: Math.floor(prompt * cachedShare) } },
    }),
  ),
  fc.record({ input: fc.nat(100_000), output: fc.nat(10_000), day: fc.integer({ min: 0, max: 400 }) }).map(({ input, output, day }) =>
    JSON.stringify({ model: 'gpt-4o-mini', timestamp: new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString(), input_tokens: input, output_tokens: output }),
  ),
  fc.constant('{"object":"chat.completion","model":"gpt-4o","created":1735689600}'),
  fc.constant('{"object":"chat.completion","model":"gpt-4o","created":1735689600,"usage":{"prompt_tokens":-5,"completion_tokens":1}}'),
  fc.constant('{"truncated": '),
  fc.constant('not json at all'),
  fc.string({ maxLength: 40 }).filter((s) => !/[\r\n]/.test(s)),
  fc.constant(''),
);

/** Logs that start with usage lines, so a stream is JSONL by its sniffed lines (sniffing is tested apart). */
const usageLine = line.filter((l) => l.startsWith('{"object":"chat.completion","model"') && l.includes('"usage"'));
// Three usage lines first: a stream's shape is judged on its first five non-blank lines (most JSON → JSONL).
const log = (maxLength: number) => fc.tuple(fc.array(usageLine, { minLength: 3, maxLength: 3 }), fc.array(line, { maxLength })).map(([first, rest]) => [...first, ...rest]);

async function run(lines: string[], options: { groupBy?: readonly string[] } = {}): Promise<Report> {
  return audit({
    paths: ['-'],
    stdin: Readable.from([`${lines.join('\n')}\n`]),
    catalogue,
    groupBy: [...(options.groupBy ?? ['model'])] as never,
    compare: [],
    problemLimit: 5,
    threads: 1,
    defaultTime: Date.UTC(2025, 0, 1),
  });
}

/** Exact sum of decimal strings. */
function sum(values: string[]): string {
  return toPlainString(values.reduce((acc, v) => add(acc, parseDecimal(v)), ZERO));
}

describe('invariants over generated logs', () => {
  it('every non-blank line is exactly one of priced, unpriced, skipped or rejected', async () => {
    await fc.assert(
      fc.asyncProperty(log(30), async (lines) => {
        const report = await run(lines);
        const { read, priced, unpriced, skipped, rejected } = report.rows;
        expect(priced + unpriced + skipped + rejected).toBe(read);
        expect(read).toBe(lines.filter((l) => l.trim() !== '').length);
        expect(report.problemsTotal).toBe(skipped + rejected);
      }),
      { numRuns: RUNS },
    );
  });

  it('groups sum exactly to the totals, per currency, for any grouping', async () => {
    const grouping = fc.constantFrom(['model'], ['month', 'model'], ['tag:team'], ['provider', 'day']);
    await fc.assert(
      fc.asyncProperty(log(30), grouping, async (lines, groupBy) => {
        const report = await run(lines, { groupBy });
        for (const currency of Object.keys(report.totals.cost)) {
          expect(sum(report.groups.map((g) => g.cost[currency] ?? '0'))).toBe(toPlainString(parseDecimal(report.totals.cost[currency] ?? '0')));
        }
        expect(report.groups.reduce((n, g) => n + g.requests, 0)).toBe(report.totals.requests);
        expect(report.groups.reduce((n, g) => n + g.tokens.output, 0)).toBe(report.totals.tokens.output);
      }),
      { numRuns: RUNS },
    );
  });

  it('is deterministic, and every renderer renders it; the CSV rows sum to its total rows', async () => {
    await fc.assert(
      fc.asyncProperty(log(20), async (lines) => {
        const a = await run(lines);
        const b = await run(lines);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        for (const format of ['table', 'markdown', 'json'] as const) expect(() => renderers[format](a, { color: false })).not.toThrow();
        const csv = renderers.csv(a, { color: false }).trim().split('\r\n').map((r) => r.split(','));
        const header = csv[0] ?? [];
        const [costAt, currencyAt] = [header.indexOf('cost'), header.indexOf('currency')];
        for (const currency of Object.keys(a.totals.cost)) {
          const rows = csv.slice(1).filter((r) => r[currencyAt] === currency);
          const groups = rows.filter((r) => r[0] === 'group').map((r) => r[costAt] ?? '0');
          const total = rows.find((r) => r[0] === 'total')?.[costAt] ?? '0';
          expect(sum(groups)).toBe(toPlainString(parseDecimal(total)));
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('exact money', () => {
  const rate = fc.tuple(fc.nat(10_000), fc.integer({ min: 0, max: 6 })).map(([digits, places]) => parseDecimal(places === 0 ? String(digits) : (digits / 10 ** places).toFixed(places)));
  it('costOf is additive in tokens: pricing parts separately equals pricing the sum', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 40), fc.nat(2 ** 40), rate, (a, b, r) => {
        expect(toPlainString(add(costOf(a, r), costOf(b, r)))).toBe(toPlainString(costOf(a + b, r)));
      }),
      { numRuns: 500 },
    );
  });
});
