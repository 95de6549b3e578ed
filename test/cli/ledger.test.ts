// The usage ledger (--format ledger / ledger-csv, docs/ledger.md): one row per row read, and its
// costs summed with core/money.ts equal the JSON report of the same run, to the last digit.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { add, parseDecimal, toPlainString, type Decimal } from '../../src/core/money.ts';
import { LEDGER_COLUMNS } from '../../src/ledger/row.ts';
import { FROZEN_PRICING, run, runIn, runJsonIn } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];

type Row = Record<string, unknown>;

const ndjson = (text: string): Row[] => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Row);

/** The ledger's priced costs per currency, summed exactly, as the report writes them (currencies sorted). */
function costs(rows: readonly Row[]): Record<string, string> {
  const bag = new Map<string, Decimal>();
  for (const row of rows) {
    if (row.status !== 'priced') continue;
    const currency = row.currency as string;
    bag.set(currency, add(bag.get(currency) ?? parseDecimal('0'), parseDecimal(row.cost as string)));
  }
  return Object.fromEntries([...bag.keys()].sort().map((c) => [c, toPlainString(bag.get(c) as Decimal)]));
}

function statusCounts(rows: readonly Row[]): Record<string, number> {
  const counts: Record<string, number> = { priced: 0, unpriced: 0, skipped: 0, rejected: 0, filtered: 0 };
  for (const row of rows) counts[row.status as string] = (counts[row.status as string] ?? 0) + 1;
  return counts;
}

/** What every ledger must say of its report: a row per row read, the same statuses, the same money. */
function expectMatches(rows: readonly Row[], report: any): void {
  expect(rows.length).toBe(report.rows.read);
  const counts = statusCounts(rows);
  expect({ priced: counts.priced, unpriced: counts.unpriced, rejected: counts.rejected, skipped: (counts.skipped ?? 0) + (counts.filtered ?? 0) }).toEqual({
    priced: report.rows.priced,
    unpriced: report.rows.unpriced,
    rejected: report.rows.rejected,
    skipped: report.rows.skipped,
  });
  expect(costs(rows)).toEqual(report.totals.cost);
  // Each row's buckets add up to its cost.
  for (const row of rows.filter((r) => r.status === 'priced')) {
    const buckets = ['cost_input', 'cost_cache_read', 'cost_cache_write_5m', 'cost_cache_write_1h', 'cost_output', 'cost_web_search'].map((c) => parseDecimal(row[c] as string));
    expect(toPlainString(buckets.reduce(add))).toBe(row.cost);
  }
}

// Runs in this process one at a time: ingest reads files into buffers shared by the process
// (ingest/read/chunks.ts), so two runs at once would read each other's bytes.

/** Runs that cover the statuses, dated prices (versions, qwen3-max size tiers, DeepSeek off-peak windows), service tiers and books. */
const CASES: [string, string[]][] = [
  ['every log fixture', ['fixtures/logs', ...frozen]],
  ['every real sample', ['fixtures/samples', ...frozen]],
  ['qwen3-max size tiers', ['fixtures/cli/qwen3-max.jsonl', ...frozen]],
  ['DeepSeek off-peak windows', ['fixtures/cli/deepseek-offpeak.jsonl', 'fixtures/cli/deepseek-cut.jsonl', ...frozen]],
  ['the shipped catalogue on 2026 flagships', ['fixtures/logs/flagships-2026-11-30']],
  ['a Claude Code tree, --since/--until filtering', ['fixtures/cli/claude-tree', ...frozen, '--default-model', 'claude-sonnet-4-5-20250929', '--since', '2025-10-02', '--until', '2025-10-20']],
  ['the batch tier', ['fixtures/logs/quickstart.jsonl', ...frozen, '--service-tier', 'batch']],
  ['the CNY book', ['fixtures/logs/quickstart.jsonl', 'fixtures/cli/deepseek-offpeak.jsonl', ...frozen, '--region', 'cn']],
  ['--as-of', ['fixtures/logs/quickstart.jsonl', 'fixtures/cli/deepseek-offpeak.jsonl', ...frozen, '--as-of', '2025-06-01']],
];

describe('the ledger adds up to the report of the same run', () => {
  for (const [name, args] of CASES) {
    it(name, async () => {
      const ledger = await runIn([...args, '--format', 'ledger']);
      const json = await runJsonIn(args);
      expect(ledger.code, ledger.stderr).toBe(json.code);
      const rows = ndjson(ledger.stdout);
      expect(rows.length).toBeGreaterThan(0);
      expectMatches(rows, json.report);
    });
  }

  it('covers what it claims: tiers, windows, filtered rows, every status', async () => {
    const rows: Row[] = [];
    for (const [, args] of CASES) rows.push(...ndjson((await runIn([...args, '--format', 'ledger'])).stdout));
    const counts = statusCounts(rows);
    for (const status of ['priced', 'unpriced', 'skipped', 'rejected', 'filtered']) expect(counts[status], status).toBeGreaterThan(0);
    const keys = new Set(rows.map((r) => r.point_key));
    expect([...keys].some((k) => /^qwen3-max\|\d+\|[12]\|/.test(String(k)))).toBe(true);
    expect([...keys].some((k) => /^deepseek-chat\|\d+\|\|off-?peak/i.test(String(k)))).toBe(true);
    expect([...keys].some((k) => String(k).endsWith('|batch'))).toBe(true);
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(['USD', 'CNY', null]));
  });

  it('CSV: the same rows as NDJSON, RFC 4180, the documented columns', async () => {
    // Reasons with quotes and commas (malformed rows), tags (a JSON object in one cell), every status.
    const args = ['fixtures/samples', 'fixtures/logs/malformed.jsonl', 'fixtures/logs/generic-cost-tags.csv', 'fixtures/logs/text-teams.jsonl', ...frozen, '--since', '2024-01-01'];
    const csv = await runIn([...args, '--format', 'ledger-csv']);
    const ndj = await runIn([...args, '--format', 'ledger']);
    const json = await runJsonIn(args);
    const records = parse(csv.stdout, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    // The documented columns (docs/ledger.md), in order: new ones only ever at the end.
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'status,reason_code,reason,source,file,line,format,timestamp,time_source,model,model_id,provider,service_tier,requests,' +
        'input,cache_read,cache_write_5m,cache_write_1h,output,reasoning,input_audio,input_image,output_audio,web_search_calls,' +
        'usage_source,tags,logged_cost,logged_currency,catalogue_hash,point_key,version_key,thinking,currency,' +
        'cost,cost_input,cost_cache_read,cost_cache_write_5m,cost_cache_write_1h,cost_output,cost_web_search',
    );
    const rows = ndjson(ndj.stdout);
    expect(records.length).toBe(rows.length);
    expectMatches(records.map((r) => ({ ...r })), json.report);
    // Cell by cell: null is an empty cell, tags their JSON text, the rest as NDJSON has them.
    records.forEach((record, i) => {
      const row = rows[i] as Row;
      for (const column of LEDGER_COLUMNS) {
        const value = row[column];
        expect(record[column], `${column} of row ${i}`).toBe(value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
      }
    });
  });
});

describe('ledger rows', () => {
  it('carry the export\'s point and version keys, and exact money as strings', async () => {
    const ledger = ndjson((await runIn(['fixtures/cli/qwen3-max.jsonl', ...frozen, '--format', 'ledger'])).stdout);
    const exported = ndjson((await runIn(['pricing', 'export', '--format', 'ndjson', ...frozen])).stdout);
    const points = new Map(exported.map((p) => [p.point_key, p]));
    for (const row of ledger.filter((r) => r.status === 'priced')) {
      const point = points.get(row.point_key);
      expect(point, String(row.point_key)).toBeDefined();
      expect(point?.version_key).toBe(row.version_key);
      expect(point?.currency).toBe(row.currency);
      expect(point?.catalogue_hash).toBe(row.catalogue_hash);
      expect(typeof row.cost).toBe('string');
    }
  });

  it('keep input order: file order, then line', async () => {
    const rows = ndjson((await runIn(['fixtures/logs/quickstart.jsonl', 'fixtures/logs/malformed.jsonl', ...frozen, '--format', 'ledger'])).stdout);
    const places = rows.map((r) => [r.file, r.line] as [string, number]);
    expect(places).toEqual([...places].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : 0)));
    expect(places[0]).toEqual(['fixtures/logs/quickstart.jsonl', 1]);
    expect(places.at(-1)?.[0]).toBe('fixtures/logs/malformed.jsonl');
  });

  it('refuses options that say nothing about a row', async () => {
    for (const extra of [['--compare', 'gpt-5'], ['--decimals', '2'], ['--group-by', 'day'], ['--max-cost', '5USD'], ['--currency', 'CNY']]) {
      const result = await runIn(['fixtures/logs/quickstart.jsonl', ...frozen, '--format', 'ledger', ...extra]);
      expect(result.code, extra.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/cannot be used with --format ledger/);
    }
  });

  it('--out writes the file whole; --strict still judges the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const out = join(dir, 'ledger.csv');
    const result = await runIn(['fixtures/logs/quickstart.jsonl', ...frozen, '--format', 'ledger-csv', '--out', out, '--strict']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\r\n').length).toBe(1 + 57 + 1);
  });
});

describe('ledger on two threads (the built binary)', () => {
  it('is the same ledger whatever --threads says, and adds up to the two-thread report', () => {
    // Project folders and other files: two units of work, so the report is read by two threads.
    const args = ['fixtures/cli/claude-tree', 'fixtures/logs/quickstart.jsonl', 'fixtures/logs/malformed.jsonl', 'fixtures/cli/qwen3-max.jsonl', ...frozen, '--default-model', 'claude-sonnet-4-5-20250929'];
    const one = run([...args, '--threads', '1', '--format', 'ledger']);
    const two = run([...args, '--threads', '2', '--format', 'ledger']);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(run([...args, '--threads', '2', '--format', 'json']).stdout);
    expectMatches(ndjson(two.stdout), report);
  });
});
