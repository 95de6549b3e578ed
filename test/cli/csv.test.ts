// Finance CSV: parses back with csv-parse, sums to the JSON totals exactly, and is safe to open.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { add, parseDecimal, toPlainString, ZERO } from '../../src/core/money.ts';
import { FROZEN_PRICING, runIn, runJsonIn } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
const logs = ['fixtures/cli/deepseek-cut.jsonl', 'fixtures/cli/mixed-problems.jsonl', 'fixtures/gate/new-model.jsonl', 'fixtures/cli/formula-models.jsonl'];

async function csvRows(args: string[]): Promise<Record<string, string>[]> {
  return parse((await runIn([...args, '--format', 'csv'])).stdout, { columns: true }) as Record<string, string>[];
}

function sumCosts(rows: Record<string, string>[], currency: string) {
  return toPlainString(rows.filter((r) => r.row === 'group' && r.status === 'priced' && r.currency === currency).reduce((s, r) => add(s, parseDecimal(r.cost ?? '0')), ZERO));
}

describe('CSV export', () => {
  it('has fixed, documented columns', async () => {
    const [first] = await csvRows([...logs, ...frozen, '--group-by', 'month,model,provider']);
    expect(Object.keys(first ?? {})).toEqual([
      'row', 'period_start', 'period_end', 'month', 'model', 'provider', 'requests', 'input_tokens', 'cache_read_tokens',
      'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens', 'reasoning_tokens', 'currency', 'cost', 'logged_requests', 'logged_cost',
      'converted_currency', 'converted_cost', 'fx_rates', 'web_search_calls', 'web_search_cost', 'status', 'rows', 'file', 'line', 'reason',
    ]);
  });

  it('round-trips through csv-parse with sums equal to the JSON totals exactly', async () => {
    const args = [...logs, ...frozen, '--group-by', 'day,model'];
    const json = (await runJsonIn(args)).report;
    const rows = await csvRows(args);
    for (const [currency, total] of Object.entries(json.totals.cost)) {
      expect(sumCosts(rows, currency)).toBe(total);
      expect(rows.find((r) => r.row === 'total' && r.status === 'priced' && r.currency === currency)?.cost).toBe(total);
    }
    const tokenSum = rows.filter((r) => r.row === 'group' && r.status === 'priced').reduce((n, r) => n + Number(r.output_tokens), 0);
    expect(tokenSum).toBe(json.totals.tokens.output);
  });

  it('--decimals rounds to fixed places and the rows still sum to the total to the cent', async () => {
    const rows = await csvRows([...logs, ...frozen, '--group-by', 'day,model', '--decimals', '2']);
    for (const r of rows.filter((x) => x.status === 'priced')) expect(r.cost).toMatch(/^\d+\.\d{2}$/);
    const total = rows.find((r) => r.row === 'total' && r.status === 'priced' && r.currency === 'USD');
    expect(toPlainString(parseDecimal(sumCosts(rows, 'USD')))).toBe(toPlainString(parseDecimal(total?.cost ?? '')));
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const rows = await csvRows([...logs, ...frozen]);
    const models = rows.map((r) => r.model ?? '');
    expect(models).toContain("'=HYPERLINK(\"http://evil\",\"x\")");
    expect(models).toContain("'@SUM(A1:A9)");
    for (const value of rows.flatMap((r) => Object.values(r))) expect(value).not.toMatch(/^[=+\-@]/);
  });

  it('lists the broken files and rejected rows: a truncated .gz and a binary named .jsonl, one `problem` row each, no money', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-csv-'));
    const truncated = join(dir, 'truncated.jsonl.gz');
    const binary = join(dir, 'binary.jsonl');
    writeFileSync(truncated, gzipSync(readFileSync('fixtures/gate/base.jsonl')).subarray(0, 200));
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 10, 0, 0x40, 0, 0x1f, 0, 10]));
    const args = ['fixtures/cli/deepseek-cut.jsonl', truncated, binary, 'fixtures/cli/mixed-problems.jsonl', ...frozen, '--group-by', 'model'];
    const { report } = await runJsonIn(args);
    const out = (await runIn([...args, '--format', 'csv', '--decimals', '2'])).stdout;
    // Valid CSV, one header, every row as wide as it; no control character from the binary file.
    const table = parse(out, { relax_column_count: false }) as string[][];
    expect(new Set(table.map((r) => r.length)).size).toBe(1);
    // eslint-disable-next-line no-control-regex
    expect(out.replaceAll('\r\n', '')).not.toMatch(/[\u0000-\u001f\u007f]/);
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    const problems = rows.filter((r) => r.row === 'problem');
    expect(problems.map((r) => [r.status, r.file, r.line])).toEqual(report.problems.map((p: any) => [p.kind, p.file, String(p.line)]));
    expect(problems.find((r) => r.file === truncated)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('the file is truncated') });
    expect(problems.filter((r) => r.file === binary).length).toBeGreaterThan(0);
    for (const r of problems) {
      expect(r.reason).not.toBe('');
      for (const column of ['requests', 'currency', 'cost', 'logged_cost', 'converted_cost', 'web_search_cost', 'rows', 'input_tokens']) expect(r[column]).toBe('');
    }
    // The count row stays the total of every rejected row, listed or not.
    expect(rows.filter((r) => r.row === 'total' && r.status === 'rejected').map((r) => r.rows)).toEqual([String(report.rows.rejected)]);
    // Rows on other lines leave the new columns empty, and the money still adds up with --decimals.
    for (const r of rows.filter((x) => x.row !== 'problem')) expect([r.file, r.line, r.reason]).toEqual(['', '', '']);
    const total = rows.find((r) => r.row === 'total' && r.status === 'priced' && r.currency === 'USD');
    const all = toPlainString(rows.filter((r) => r.row !== 'total' && r.currency === 'USD' && r.status === 'priced').reduce((s, r) => add(s, parseDecimal(r.cost ?? '0')), ZERO));
    expect(toPlainString(parseDecimal(all))).toBe(toPlainString(parseDecimal(total?.cost ?? '')));
  });

  it('lists at most the problems the report lists (--max-problems); the count row has them all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-audit-csv-'));
    const garbage = join(dir, 'garbage.jsonl');
    writeFileSync(garbage, 'not json\n'.repeat(30));
    const rows = await csvRows([garbage, ...frozen, '--max-problems', '5']);
    expect(rows.filter((r) => r.row === 'problem').map((r) => r.line)).toEqual(['1', '2', '3', '4', '5']);
    expect(rows.find((r) => r.row === 'total' && r.status === 'rejected')?.rows).toBe('30');
  });
});
