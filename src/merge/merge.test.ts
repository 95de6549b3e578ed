// Sharding: the logs split into shards, each audited on its own, merged, give the report of all the
// logs audited at once, byte for byte (JSON, and every renderer's text); mismatched reports are
// refused with the reason. In-process (audit()), so a dozen runs take a second or two.
import { describe, expect, it } from 'vitest';
import { audit, type AuditOptions } from '../audit/index.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_PRICING_DIR, loadCatalogue } from '../pricing/load.ts';
import type { Report } from '../report/contract.ts';
import { renderers } from '../report/render/index.ts';
import { renderJson } from '../report/render/json.ts';
import { renderWhatIfCsv } from '../report/render/csv.ts';
import { parseSwapRules } from '../core/scenario.ts';
import { mergeReports } from './merge.ts';

const catalogue = loadCatalogue([DEFAULT_PRICING_DIR]);

/** Shipped fixtures and samples: priced, unpriced, rejected and skipped rows, tags, several formats and currencies. */
const LOGS = [
  'fixtures/logs/quickstart.jsonl',
  'fixtures/logs/malformed.jsonl',
  'fixtures/logs/generic.csv',
  'fixtures/logs/three-models-teams.csv',
  'fixtures/logs/batch-errors.jsonl',
  'fixtures/samples/openai-chat-completions.jsonl',
  'fixtures/samples/claude-code-session.jsonl',
  'fixtures/samples/dashscope-qwen.jsonl',
  'fixtures/logs/generic-bad-rows.csv',
  'fixtures/logs/mixed-formats.jsonl',
  'fixtures/logs/generic-cost-tags.csv',
  'fixtures/samples/anthropic-messages.jsonl',
  'fixtures/samples/gemini-generatecontent.jsonl',
  'fixtures/logs/text-only.jsonl',
];

type Options = Omit<AuditOptions, 'paths' | 'catalogue' | 'problemLimit'> & { problemLimit?: number };

const run = (paths: string[], options: Options): Promise<Report> => audit({ paths, catalogue, ...options, problemLimit: options.problemLimit ?? 50 });

/** Cuts the logs into `n` shards in order (as a CI matrix would, by file). */
function shardsOf(paths: string[], n: number): string[][] {
  const size = Math.ceil(paths.length / n);
  return Array.from({ length: n }, (_, i) => paths.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
}

async function check(options: Options, n: number): Promise<{ whole: Report; merged: Report }> {
  const whole = await run(LOGS, options);
  // One after another: runs in one process share module state (the token-count cache), as shards on machines do not.
  const parts: Report[] = [];
  for (const paths of shardsOf(LOGS, n)) parts.push(await run(paths, options));
  // Through JSON text, as the reports travel between machines.
  const shards = parts.map((report, i) => ({ file: `shard-${i}.json`, report: JSON.parse(renderJson(report)) as Report }));
  const { report: merged, caveats } = mergeReports(shards, { maxProblems: options.problemLimit });
  expect(caveats).toEqual([]);
  expect(renderJson(merged)).toBe(renderJson(whole));
  return { whole, merged };
}

describe('merge', () => {
  it('gives the report of all the inputs, byte for byte, with --compare (unpriced, rejected and skipped rows)', async () => {
    const { whole, merged } = await check({ groupBy: ['model'], compare: ['gpt-5', 'deepseek-chat'] }, 3);
    expect(whole.rows.unpriced).toBeGreaterThan(0);
    expect(whole.rows.rejected).toBeGreaterThan(0);
    expect(whole.whatIf.length).toBe(2);
    // Every renderer reads the merged report as it reads the whole one.
    for (const format of ['table', 'csv', 'markdown'] as const) expect(renderers[format](merged, { color: false })).toBe(renderers[format](whole, { color: false }));
    expect(renderWhatIfCsv(merged, { color: false })).toBe(renderWhatIfCsv(whole, { color: false }));
  });

  it('merges groups by month and tag, swap scenarios and their warnings', async () => {
    const scenarios = [
      { name: 'swap', rules: parseSwapRules('--swap', 'gpt-4o*=gpt-5-mini') },
      { name: 'x', rules: parseSwapRules('--scenario', 'claude-*=deepseek-chat,nomatch*=gpt-5') },
    ];
    const { whole } = await check({ groupBy: ['month', 'tag:team'], compare: ['qwen3-max'], scenarios }, 4);
    expect(whole.scenarios?.length).toBe(2);
    expect(whole.warnings?.length).toBe(1);
  });

  it('keeps the cap of the problems list with exact counts, and the notes of --since/--until', async () => {
    const { whole } = await check({ groupBy: ['day', 'provider'], compare: [], since: { at: Date.parse('2025-01-01T00:00:00Z'), text: '2025-01-01' }, until: { at: Date.parse('2026-01-01T00:00:00Z'), text: '2026-01-01' }, problemLimit: 3 }, 5);
    expect(whole.problems.length).toBe(3);
    expect(whole.problemsTotal).toBeGreaterThan(3);
    expect(whole.notes.some((n) => /rows fall outside/.test(n))).toBe(true);
  });

  it('rebuilds a misspelt tag warning from every shard (one shard per file)', async () => {
    const { whole } = await check({ groupBy: ['tag:teem', 'model'], compare: [], region: 'cn', serviceTier: 'batch' }, LOGS.length);
    expect(whole.warnings?.[0]).toMatch(/tag:teem/);
  });

  it('merges one report into itself', async () => {
    const report = await run(LOGS.slice(0, 3), { groupBy: ['model'], compare: ['gpt-5'] });
    expect(renderJson(mergeReports([{ file: 'a.json', report }]).report)).toBe(renderJson(report));
  });

  it('refuses reports made with other options, pricing, schema or llm-audit version, and --currency ones, with the reason', async () => {
    const report = await run(LOGS.slice(0, 2), { groupBy: ['model'], compare: [] });
    const other = (change: (r: Report) => void): Report => {
      const copy = structuredClone(report);
      change(copy);
      return copy;
    };
    const refuse = (b: Report, why: RegExp) => {
      expect(() => mergeReports([{ file: 'a.json', report }, { file: 'b.json', report: b }])).toThrow(UsageError);
      expect(() => mergeReports([{ file: 'a.json', report }, { file: 'b.json', report: b }])).toThrow(why);
    };
    refuse(other((r) => (r.options.groupBy = ['day'])), /b\.json cannot be merged with a\.json: option groupBy is \["day"\], not \["model"\]/);
    refuse(other((r) => (r.options.asOf = '2025-09-30')), /option asOf/);
    refuse(other((r) => (r.pricing.hash = 'sha256:other')), /pricing hash sha256:other differs/);
    refuse(other((r) => ((r as { schemaVersion: number }).schemaVersion = 2)), /schemaVersion 2 differs/);
    refuse(other((r) => (r.generator.version = '0.0.1')), /made by llm-audit 0\.0\.1/);
    refuse(other((r) => (r.options.currency = 'CNY')), /b\.json was made with --currency CNY/);
    // Shards that agree with each other, made by another version than the one merging.
    const older = other((r) => (r.generator.version = '0.0.1'));
    expect(() => mergeReports([{ file: 'a.json', report: older }, { file: 'b.json', report: structuredClone(older) }])).toThrow(/^a\.json was made by llm-audit 0\.0\.1, and this is llm-audit \S+: the merge makes the report's notes, orders and ranking with its own code/);
  });
});
