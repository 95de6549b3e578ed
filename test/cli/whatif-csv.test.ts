// Issue 13, case 5: --compare with --format csv wrote no what-if at all. The what-if is a CSV of
// its own: --what-if-csv FILE, or next to --out FILE.csv as FILE.whatif.csv; stdout stays one CSV.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseDecimal, sub, toFixed } from '../../src/core/money.ts';
import { FROZEN_PRICING, runIn, runJsonIn } from './run.ts';

const frozen = ['--pricing-dir', FROZEN_PRICING];
const logs = ['fixtures/cli/deepseek-cut.jsonl', 'fixtures/cli/mixed-problems.jsonl'];
const compare = ['--compare', 'gpt-5,deepseek-chat,claude-sonnet-4-5-20250929,qwen3-max'];

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'llm-audit-whatif-'));
}

function rowsOf(text: string): Record<string, string>[] {
  return parse(text, { columns: true }) as Record<string, string>[];
}

describe('what-if in CSV', () => {
  it('--compare with --format csv on stdout is refused, before reading, with the two ways to get both CSVs', async () => {
    const result = await runIn([...logs, ...frozen, ...compare, '--format', 'csv']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('pass --what-if-csv FILE');
    expect(result.stderr).toContain('--out FILE.csv to write both (the what-if to FILE.whatif.csv)');
  });

  it('--out report.csv writes the report there and the what-if to report.whatif.csv, one row per target, as in the JSON', async () => {
    const dir = tmp();
    const out = join(dir, 'report.csv');
    const result = await runIn([...logs, ...frozen, ...compare, '--format', 'csv', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`what-if of 4 models written to ${join(dir, 'report.whatif.csv')}`);
    // The report CSV is the same as without --compare.
    expect(readFileSync(out, 'utf8')).toBe((await runIn([...logs, ...frozen, '--format', 'csv'])).stdout);
    const all = rowsOf(readFileSync(join(dir, 'report.whatif.csv'), 'utf8'));
    // The totals come first; then each group's rows (scope group).
    const whatIf = all.filter((r) => r.scope === 'total');
    expect(all.slice(0, whatIf.length)).toEqual(whatIf);
    const { report } = await runJsonIn([...logs, ...frozen, ...compare]);
    expect(whatIf.map((r) => r.model)).toEqual(report.whatIf.map((w: any) => w.model));
    for (const w of report.whatIf) {
      const row = whatIf.find((r) => r.model === w.model) ?? {};
      expect(row.requests).toBe(String(w.requests));
      expect(row.not_priced_requests).toBe(String(w.notPriced.requests));
      expect(row.cost).toBe(w.cost.USD ?? '');
      expect(row.actual_cost).toBe(w.actualCost.USD ?? '');
      expect(row.delta).toBe(w.delta?.USD ?? '');
      expect(row.delta_percent).toBe(w.deltaPercent ?? '');
    }
    expect(Object.fromEntries(whatIf.map((r) => [r.model, r.status]))).toEqual({
      'deepseek-chat': 'priced',
      'claude-sonnet-4-5-20250929': 'partly-priced',
      'gpt-5': 'priced',
      'qwen3-max': 'partly-priced',
    });
  });

  it('a target that can price none of the traffic is one row with status unpriced and no amounts', async () => {
    const file = join(tmp(), 'w.csv');
    expect((await runIn(['fixtures/cli/deepseek-cut.jsonl', ...frozen, '--compare', 'qwen3-max', '--what-if-csv', file])).code).toBe(0);
    expect(rowsOf(readFileSync(file, 'utf8')).filter((r) => r.scope === 'total').map((r) => [r.model, r.status, r.requests, r.not_priced_requests, r.currency, r.cost, r.actual_cost])).toEqual([['qwen3-max', 'unpriced', '0', '2', '', '', '']]);
  });

  it('--what-if-csv FILE with any format; --decimals rounds and every row adds up as printed', async () => {
    const dir = tmp();
    const file = join(dir, 'what-if.csv');
    const result = await runIn([...logs, ...frozen, ...compare, '--what-if-csv', file, '--decimals', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('What-if');
    for (const row of rowsOf(readFileSync(file, 'utf8')).filter((r) => r.delta !== '')) {
      expect(row.cost).toMatch(/^\d+\.\d{2}$/);
      expect(row.delta).toBe(toFixed(sub(parseDecimal(row.cost ?? ''), parseDecimal(row.actual_cost ?? '')), 2));
    }
  });

  it('refuses a --what-if-csv that would do nothing, or overwrite the report or be read as a log next time', async () => {
    const dir = tmp();
    expect((await runIn([...logs, ...frozen, '--what-if-csv', join(dir, 'w.csv')])).stderr).toContain('--what-if-csv needs --compare');
    const same = await runIn([...logs, ...frozen, ...compare, '--format', 'csv', '--out', join(dir, 'r.csv'), '--what-if-csv', join(dir, 'r.csv')]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('is also the --out file');
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'a.jsonl'), readFileSync('fixtures/cli/deepseek-cut.jsonl'));
    const inside = await runIn([join(dir, 'logs'), ...frozen, ...compare, '--what-if-csv', join(dir, 'logs', 'w.csv')]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('inside the input folder');
    expect(existsSync(join(dir, 'logs', 'w.csv'))).toBe(false);
  });
});
