// Finance CSV: parses back with csv-parse, sums to the JSON totals exactly, and is safe to open.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { add, parseDecimal, toPlainString, ZERO } from '../../src/core/money.ts';
import { FROZEN_PRICING, run, runJson } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
const logs = ['fixtures/cli/deepseek-cut.jsonl', 'fixtures/cli/mixed-problems.jsonl', 'fixtures/gate/new-model.jsonl', 'fixtures/cli/formula-models.jsonl'];

function csvRows(args: string[]): Record<string, string>[] {
  return parse(run([...args, '--format', 'csv']).stdout, { columns: true }) as Record<string, string>[];
}

function sumCosts(rows: Record<string, string>[], currency: string) {
  return toPlainString(rows.filter((r) => r.row === 'group' && r.status === 'priced' && r.currency === currency).reduce((s, r) => add(s, parseDecimal(r.cost ?? '0')), ZERO));
}

describe('CSV export', () => {
  it('has fixed, documented columns', () => {
    const [first] = csvRows([...logs, ...frozen, '--group-by', 'month,model,provider']);
    expect(Object.keys(first ?? {})).toEqual([
      'row', 'period_start', 'period_end', 'month', 'model', 'provider', 'requests', 'input_tokens', 'cache_read_tokens',
      'cache_write_5m_tokens', 'cache_write_1h_tokens', 'output_tokens', 'reasoning_tokens', 'currency', 'cost', 'logged_requests', 'logged_cost',
      'converted_currency', 'converted_cost', 'fx_rates', 'web_search_calls', 'web_search_cost', 'status', 'rows',
    ]);
  });

  it('round-trips through csv-parse with sums equal to the JSON totals exactly', () => {
    const args = [...logs, ...frozen, '--group-by', 'day,model'];
    const json = runJson(args).report;
    const rows = csvRows(args);
    for (const [currency, total] of Object.entries(json.totals.cost)) {
      expect(sumCosts(rows, currency)).toBe(total);
      expect(rows.find((r) => r.row === 'total' && r.status === 'priced' && r.currency === currency)?.cost).toBe(total);
    }
    const tokenSum = rows.filter((r) => r.row === 'group' && r.status === 'priced').reduce((n, r) => n + Number(r.output_tokens), 0);
    expect(tokenSum).toBe(json.totals.tokens.output);
  });

  it('--decimals rounds to fixed places and the rows still sum to the total to the cent', () => {
    const rows = csvRows([...logs, ...frozen, '--group-by', 'day,model', '--decimals', '2']);
    for (const r of rows.filter((x) => x.status === 'priced')) expect(r.cost).toMatch(/^\d+\.\d{2}$/);
    const total = rows.find((r) => r.row === 'total' && r.status === 'priced' && r.currency === 'USD');
    expect(toPlainString(parseDecimal(sumCosts(rows, 'USD')))).toBe(toPlainString(parseDecimal(total?.cost ?? '')));
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const rows = csvRows([...logs, ...frozen]);
    const models = rows.map((r) => r.model ?? '');
    expect(models).toContain("'=HYPERLINK(\"http://evil\",\"x\")");
    expect(models).toContain("'@SUM(A1:A9)");
    for (const value of rows.flatMap((r) => Object.values(r))) expect(value).not.toMatch(/^[=+\-@]/);
  });
});
